import { getDeps } from "~/deps.server";
import { listBoards } from "~/data/boards.server";
import { detectLanguage } from "~/i18n/language.server";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  GET: async ({ request }) => {
    const lang = detectLanguage(request);
    const boards = await listBoards((await getDeps()).db);
    return apiJson({
      boards: boards.map((b) => ({
        id: b.id,
        slug: b.slug,
        name: lang === "vi" ? b.nameVi : b.nameEn,
        description: lang === "vi" ? b.descriptionVi : b.descriptionEn,
        names: { vi: b.nameVi, en: b.nameEn },
        descriptions: { vi: b.descriptionVi, en: b.descriptionEn },
        threadCount: b.threadCount,
        postCount: b.postCount,
        owner: b.ownerUsername ? { username: b.ownerUsername } : null,
      })),
    });
  },
});
export const loader = handle;
export const action = handle;
