/**
 * Any URL no other route matches. Throwing the 404 from a loader (instead of letting Remix answer "no route
 * matches") makes the root loader run first, so the friendly page in root.tsx knows the visitor's language and
 * session, and gets its title.
 */
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export const action = loader;

export default function NotFound() {
  return null;
}
