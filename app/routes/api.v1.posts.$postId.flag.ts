/** POST /api/v1/posts/:postId/flag: the older name of POST /api/v1/posts/:postId/flags (same contract). */
export { action } from "./api.v1.posts.$postId.flags";
