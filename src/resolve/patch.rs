//! Patch: updates the site model in place when page files change, re-checking only what those
//! files declare and what depends on it. `serve` uses it to stay fast on large sites; the
//! result is the model a full `resolve` would build (the incremental tests compare the two).
//!
//! A patch handles edits to existing, published pages. Adding or removing a page (or making it
//! a draft) changes the site's structure: the caller resolves the whole site again instead.

use std::collections::{BTreeMap, BTreeSet};

use super::data::{self, Indicators};
use super::{
    Indicator, Page, PageKind, ResolveError, Site, all_warnings, assign_colours, charts_by_indicator, label_warnings,
    link_neighbours, list_order, page_from_source, untitled,
};
use crate::error::Location;
use crate::load::SourcePage;

/// What a patch changed, for deciding what to render again.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Patch {
    /// Pages whose file changed.
    pub pages: Vec<usize>,
    /// Pages whose title, date, weight, tags, menu or list membership changed.
    pub listed: Vec<usize>,
    /// Pages whose previous or next page in their list changed.
    pub relinked: Vec<usize>,
    /// Indicators added, removed or changed.
    pub indicators: BTreeSet<String>,
    /// Charts added, removed or changed (not counting changes of their indicator's numbers).
    pub charts: BTreeSet<String>,
}

/// Lookups in the site's indicators with some entries replaced (or removed) by the patch.
struct Overlay<'a> {
    base: &'a BTreeMap<String, Indicator>,
    replaced: &'a BTreeMap<String, Indicator>,
    affected: &'a BTreeSet<String>,
}

impl Indicators for Overlay<'_> {
    fn get(&self, id: &str) -> Option<&Indicator> {
        if self.affected.contains(id) { self.replaced.get(id) } else { self.base.get(id) }
    }

    fn ids(&self) -> Box<dyn Iterator<Item = &String> + '_> {
        Box::new(self.base.keys().filter(|k| !self.affected.contains(*k)).chain(self.replaced.keys()))
    }
}

/// Replaces the sources of existing pages with `changed` and updates everything derived from
/// them. On error the site is left exactly as it was.
pub fn patch(site: &mut Site, changed: Vec<SourcePage>) -> Result<Patch, Vec<ResolveError>> {
    assert!(!site.numbers_forgotten, "a site whose written numbers were forgotten cannot be patched");
    let mut errors = Vec::new();
    let mut targets = Vec::new();
    for source in &changed {
        match site.by_path.get(&(source.lang.clone(), source.rel.clone())) {
            Some(&i) => targets.push(i),
            None => errors.push(ResolveError::Page {
                at: Location::file(&source.file),
                message: "a new page: the site must be resolved again as a whole".into(),
            }),
        }
        errors.extend(untitled(source));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let position: std::collections::HashMap<usize, usize> = targets.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let new_source = |i: usize| position.get(&i).map(|&k| &changed[k]);
    // The source each page will have after the patch.
    let source_of = |i: usize| new_source(i).or(site.pages[i].source.as_ref());

    // Everything the changed files declare, before and after.
    let groups: BTreeSet<&str> = changed.iter().map(|s| s.rel.as_str()).collect();
    let mut affected_indicators: BTreeSet<String> = BTreeSet::new();
    let mut affected_charts: BTreeSet<String> = BTreeSet::new();
    for &i in &targets {
        for source in [site.pages[i].source.as_ref(), new_source(i)].into_iter().flatten() {
            affected_indicators.extend(source.front.indicators.iter().map(|(id, _)| id.clone()));
            affected_charts.extend(source.front.charts.iter().map(|c| c.id.clone()));
        }
    }
    for id in &affected_indicators {
        affected_charts.extend(site.charts_of(id).iter().cloned());
    }

    // Whole translation groups of every page that declares an affected id, in site order.
    let mut rels: BTreeSet<&str> = groups.clone();
    let declaring = affected_indicators
        .iter()
        .filter_map(|id| site.indicator_declarers.get(id))
        .chain(affected_charts.iter().filter_map(|id| site.chart_declarers.get(id)))
        .flatten();
    for &i in declaring {
        rels.insert(site.pages[i].rel.as_str());
    }
    let mut members: Vec<usize> = rels
        .iter()
        .flat_map(|rel| {
            site.config.languages.iter().filter_map(|l| site.by_path.get(&(l.lang.clone(), rel.to_string())))
        })
        .copied()
        .collect();
    members.sort_unstable();
    let subset: Vec<&SourcePage> = members.into_iter().filter_map(source_of).collect();

    let default = site.config.default_language.clone();
    let mut indicators = data::indicators(&subset, &site.config.units, &default, &mut errors);
    indicators.retain(|id, _| affected_indicators.contains(id));
    let overlay = Overlay { base: &site.indicators, replaced: &indicators, affected: &affected_indicators };
    let mut charts = data::charts(&subset, &overlay, &default, &mut errors);
    charts.retain(|id, _| affected_charts.contains(id));
    // The charts after the patch: the affected ones as they now are, the others as they were.
    let exists =
        |id: &str| if affected_charts.contains(id) { charts.contains_key(id) } else { site.charts.contains_key(id) };
    let longer = charts.keys().flat_map(|id| data::derived_from(id, &site.charts));
    let unaffected_longer = longer.filter(|c| !affected_charts.contains(&c.id));
    errors.extend(data::clashing_ids(charts.values().chain(unaffected_longer), exists));
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.location().cmp(b.location()));
        return Err(errors);
    }

    // Checked: now change the site.
    let mut result = Patch::default();
    let series_keys = |site: &Site| -> BTreeSet<String> {
        let indicators = affected_indicators.iter().filter_map(|id| site.indicators.get(id));
        indicators.flat_map(|ind| ind.series.iter().map(|s| s.key.clone())).collect()
    };
    let old_keys = series_keys(site);
    for id in &affected_indicators {
        let new = indicators.remove(id);
        if site.indicators.get(id) != new.as_ref() {
            result.indicators.insert(id.clone());
        }
        match new {
            Some(ind) => site.indicators.insert(id.clone(), ind),
            None => site.indicators.remove(id),
        };
    }
    for id in &affected_charts {
        let new = charts.remove(id);
        if site.charts.get(id) != new.as_ref() {
            result.charts.insert(id.clone());
        }
        match new {
            Some(chart) => site.charts.insert(id.clone(), chart),
            None => site.charts.remove(id),
        };
    }
    // Which pages declare each id.
    for &i in &targets {
        if let Some(source) = &site.pages[i].source {
            for (id, _) in source.front.indicators.iter() {
                remove_from(&mut site.indicator_declarers, id, i);
            }
            for chart in &source.front.charts {
                remove_from(&mut site.chart_declarers, &chart.id, i);
            }
        }
    }
    for (k, &i) in targets.iter().enumerate() {
        for (id, _) in changed[k].front.indicators.iter() {
            add_to(&mut site.indicator_declarers, id, i);
        }
        for chart in &changed[k].front.charts {
            add_to(&mut site.chart_declarers, &chart.id, i);
        }
    }
    let config = site.config.clone();
    for source in changed {
        let i = site.by_path[&(source.lang.clone(), source.rel.clone())];
        let mut page = page_from_source(&config, source);
        let old = &mut site.pages[i];
        page.translations = std::mem::take(&mut old.translations);
        page.parent = old.parent;
        page.children = std::mem::take(&mut old.children);
        page.previous = old.previous;
        page.next = old.next;
        if listed_differently(old, &page) {
            result.listed.push(i);
        }
        *old = page;
        result.pages.push(i);
    }
    for &i in &result.listed.clone() {
        if let Some(parent) = site.pages[i].parent {
            let relinked = refresh_children(site, parent);
            result.relinked.extend(relinked);
        }
    }
    if !result.charts.is_empty() {
        site.charts_by_indicator = charts_by_indicator(&site.charts);
    }
    if !result.indicators.is_empty() {
        // Colours are given to the sorted set of all keys: only a key that came or went moves them.
        if old_keys != series_keys(site) {
            site.series_colours = assign_colours(&site.config, &site.indicators);
        }
        // Translations cannot appear or vanish in a patch; labels can.
        for id in &affected_indicators {
            site.label_warnings.remove(id);
        }
        let labels = label_warnings(&site.config, affected_indicators.iter().filter_map(|id| site.indicators.get(id)));
        site.label_warnings.extend(labels);
        site.warnings = all_warnings(&site.i18n_warnings, &site.translation_warnings, &site.label_warnings);
    }
    Ok(result)
}

fn remove_from(index: &mut BTreeMap<String, Vec<usize>>, id: &str, page: usize) {
    if let Some(pages) = index.get_mut(id) {
        pages.retain(|&p| p != page);
        if pages.is_empty() {
            index.remove(id);
        }
    }
}

fn add_to(index: &mut BTreeMap<String, Vec<usize>>, id: &str, page: usize) {
    let pages = index.entry(id.to_string()).or_default();
    if let Err(at) = pages.binary_search(&page) {
        pages.insert(at, page);
    }
}

/// Whether lists, menus or feeds show the page differently.
fn listed_differently(old: &Page, new: &Page) -> bool {
    old.title != new.title
        || old.date != new.date
        || old.updated != new.updated
        || old.weight != new.weight
        || old.tags != new.tags
        || old.menu != new.menu
        || old.in_lists != new.in_lists
}

/// Rebuilds a list page's children (membership and order) from its pages; returns the pages
/// whose previous or next page changed.
fn refresh_children(site: &mut Site, parent: usize) -> Vec<usize> {
    let mut children: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            site.pages[i].parent == Some(parent) && site.pages[i].in_lists && site.pages[i].kind != PageKind::Home
        })
        .collect();
    children.sort_by(|&a, &b| list_order(&site.pages[a], &site.pages[b]));
    // A page that left the list has no neighbours any more.
    let left: Vec<usize> = site.pages[parent].children.iter().copied().filter(|c| !children.contains(c)).collect();
    let mut changed = Vec::new();
    for c in left {
        let page = &mut site.pages[c];
        if page.previous.take().is_some() | page.next.take().is_some() {
            changed.push(c);
        }
    }
    changed.extend(link_neighbours(&mut site.pages, &children));
    site.pages[parent].children = children;
    changed
}
