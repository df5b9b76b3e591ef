//! Feeds and indexes for machines: an Atom feed per language, `sitemap.xml` with hreflang
//! alternates, and `robots.txt`. Dates come only from content, so output is reproducible.

use crate::resolve::{Page, PageKind, Site};

use super::context::{feed_path, translations};
use super::shortcodes::escape;

/// Entries in each Atom feed, newest first.
const FEED_ENTRIES: usize = 50;

/// `sitemap.xml`: every page, with its translations as `xhtml:link` alternates.
pub fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in &site.pages {
        xml.push_str(&format!("<url><loc>{}</loc>", escape(&base.absolute(&page.site_path))));
        if let Some(date) = page.updated.or(page.date) {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        let (_, alternates) = translations(site, page);
        for alt in alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&alt.hreflang),
                escape(&alt.url)
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The Atom feed of one language: its dated articles, newest first, with their summaries.
pub fn atom(site: &Site, lang_index: usize, summaries: &[String]) -> String {
    let config = &site.config;
    let language = &config.languages[lang_index];
    let base = &config.base_url;
    let home = site.home(lang_index);
    let mut entries: Vec<(usize, &Page)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang == language.lang && p.kind == PageKind::Article && p.in_lists && p.date.is_some())
        .collect();
    entries.sort_by(|(_, a), (_, b)| b.updated.or(b.date).cmp(&a.updated.or(a.date)).then_with(|| a.rel.cmp(&b.rel)));
    entries.truncate(FEED_ENTRIES);
    // Atom requires an `updated`; the newest content date keeps the feed reproducible.
    let updated = entries.iter().filter_map(|(_, p)| p.updated.or(p.date)).max();
    let title = config.title.get_or(&language.lang, &config.default_language).unwrap_or_default();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n<generator>brief</generator>\n",
        escape(&language.html_lang),
        escape(title),
        escape(&base.absolute(&home.site_path)),
        escape(&base.absolute(&feed_path(&language.lang))),
        escape(&base.absolute(&home.site_path)),
        updated.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| format!("{d}T00:00:00Z")),
    );
    for (i, page) in entries {
        let url = base.absolute(&page.site_path);
        let published = page.date.map(|d| format!("{d}T00:00:00Z")).unwrap_or_default();
        let updated = page.updated.or(page.date).map(|d| format!("{d}T00:00:00Z")).unwrap_or_default();
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{published}</published>\n<updated>{updated}</updated>\n<summary type=\"html\">{}</summary>\n</entry>\n",
            escape(&page.title),
            escape(&url),
            escape(&url),
            escape(&summaries[i]),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

pub fn robots(site: &Site) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", site.config.base_url.absolute("sitemap.xml"))
}
