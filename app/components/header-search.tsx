/** The search box in the site header: a plain GET form to /search (works without JavaScript). */
import { Form, useSearchParams, useLocation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { SearchIcon } from "./icons";

export function HeaderSearch() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const onSearchPage = useLocation().pathname === "/search";
  return (
    <Form
      method="get"
      action="/search"
      role="search"
      className="header-search"
      aria-label={t("searchFeature.headerLabel")}
    >
      <label htmlFor="header-search-q" className="sr-only">
        {t("searchFeature.headerLabel")}
      </label>
      <input
        id="header-search-q"
        name="q"
        type="search"
        className="input"
        placeholder={t("searchFeature.headerPlaceholder")}
        defaultValue={onSearchPage ? (params.get("q") ?? "") : ""}
        key={onSearchPage ? params.get("q") : "q"}
        maxLength={200}
      />
      <button type="submit" className="btn btn-ghost btn-sm">
        <SearchIcon />
        <span className="sr-only">{t("searchFeature.submit")}</span>
      </button>
    </Form>
  );
}
