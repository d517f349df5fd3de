#include "trenchcoat/render/cite_render.hpp"

#include <string>
#include <vector>

#include "trenchcoat/text/number_format.hpp"

namespace trenchcoat::render {
namespace {

using Json = nlohmann::ordered_json;
using citations::CitationAnalysis;

Json optional_number(const std::optional<double>& v) { return v ? Json(*v) : Json(); }

std::string percent(const std::optional<double>& v) {
  return v ? text::format_fixed(100 * *v, 1) + "%" : std::string("-");
}

std::string ratio_text(const std::optional<double>& v) { return v ? text::format_fixed(*v, 2) : std::string("-"); }

std::string year_text(const std::optional<int>& y) { return y ? std::to_string(*y) : std::string("-"); }

io::TextTable table(std::vector<std::string> headers, std::size_t left_columns = 1) {
  io::TextTable t;
  for (std::size_t i = 0; i < headers.size(); ++i)
    t.aligns.push_back(i < left_columns ? io::Align::left : io::Align::right);
  t.headers = std::move(headers);
  return t;
}

// The tables of the result, each with its title: what the text shows and the report draws.
struct TitledTable {
  std::string title;
  io::TextTable table;
  std::string note;
};

TitledTable groups_table(const CitationAnalysis& a) {
  TitledTable t{"Papers and references per group",
                table({"group", "papers", "references", "in corpus", "outside", "cited by corpus"}), ""};
  for (const auto& g : a.group_summaries)
    t.table.rows.push_back({g.name, std::to_string(g.papers), std::to_string(g.references), std::to_string(g.in_corpus),
                            std::to_string(g.outside), std::to_string(g.cited_by_corpus)});
  return t;
}

TitledTable matrix_table(const CitationAnalysis& a) {
  std::vector<std::string> headers{"citing \\ cited"};
  for (const auto& g : a.groups) headers.push_back(g);
  headers.push_back("total");
  TitledTable t{"Cross-citation matrix: observed (expected under random mixing) [observed / expected]", table(headers),
                "expected[i][j] = row_i * column_j / total"};
  const auto& m = a.matrix;
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    std::vector<std::string> row{a.groups[i]};
    for (std::size_t j = 0; j < a.groups.size(); ++j)
      row.push_back(std::to_string(m.observed[i][j]) + " (" + text::format_fixed(m.expected[i][j], 2) + ") [" +
                    ratio_text(m.ratio[i][j]) + "]");
    row.push_back(std::to_string(m.row_totals[i]));
    t.table.rows.push_back(std::move(row));
  }
  std::vector<std::string> totals{"total"};
  for (std::size_t j = 0; j < a.groups.size(); ++j) totals.push_back(std::to_string(m.column_totals[j]));
  totals.push_back(std::to_string(m.total));
  t.table.rows.push_back(std::move(totals));
  return t;
}

TitledTable shares_table(const CitationAnalysis& a) {
  TitledTable t{"References to the other fields",
                table({"field", "papers", "references", "in corpus", "to other fields", "share of in-corpus",
                       "share of all", "incl. several-field papers", "papers citing another field"}),
                "to other fields: in-corpus references to papers of another single field; incl. several-field papers: "
                "also references to papers labelled with this and another field"};
  for (const auto& s : a.shares)
    t.table.rows.push_back({s.field, std::to_string(s.papers), std::to_string(s.references),
                            std::to_string(s.in_corpus), std::to_string(s.to_other), percent(s.share_in_corpus),
                            percent(s.share_all), percent(s.share_in_corpus_inclusive),
                            std::to_string(s.papers_citing_other) + " (" + percent(s.papers_citing_other_share) + ")"});
  return t;
}

TitledTable years_table(const CitationAnalysis& a) {
  std::vector<std::string> headers{"year"};
  for (const auto& g : a.groups) headers.push_back(g);
  for (const auto& f : a.fields) headers.push_back(f + " cross share");
  TitledTable t{"Per year: papers per group and each field's share of in-corpus references to other fields",
                table(headers), ""};
  for (const auto& y : a.years) {
    std::vector<std::string> row{std::to_string(y.year)};
    for (const auto n : y.papers) row.push_back(std::to_string(n));
    for (std::size_t f = 0; f < a.fields.size(); ++f)
      row.push_back(percent(y.cross_share[f]) + " (" + std::to_string(y.to_other[f]) + "/" +
                    std::to_string(y.in_corpus[f]) + ")");
    t.table.rows.push_back(std::move(row));
  }
  return t;
}

TitledTable overlap_table(const CitationAnalysis& a) {
  TitledTable t{"Overlap of the papers each field cites (in corpus or outside)",
                table({"fields", "cited by first", "cited by second", "cited by both", "Jaccard"}), ""};
  for (const auto& o : a.overlaps)
    t.table.rows.push_back({a.fields[o.field_a] + " / " + a.fields[o.field_b], std::to_string(o.cited_a),
                            std::to_string(o.cited_b), std::to_string(o.shared),
                            o.jaccard ? text::format_fixed(*o.jaccard, 3) : std::string("-")});
  return t;
}

TitledTable bridges_table(const CitationAnalysis& a) {
  std::vector<std::string> headers{"rank", "paper", "year", "group"};
  for (const auto& f : a.fields) headers.push_back("cited by " + f);
  headers.push_back("score");
  TitledTable t{"Bridge papers, cited by at least two fields: " + std::to_string(a.bridges.size()) + " of " +
                    std::to_string(a.bridge_candidates),
                table(headers, 4),
                "score: the second-largest number of citing papers over the fields (with two fields, the smaller "
                "side); ties: more citing papers in all, then id"};
  for (std::size_t i = 0; i < a.bridges.size(); ++i) {
    const auto& b = a.bridges[i];
    std::vector<std::string> row{std::to_string(i + 1), b.title.empty() ? b.id : b.title + " [" + b.id + "]",
                                 year_text(b.year), b.group};
    for (const auto c : b.citations) row.push_back(std::to_string(c));
    row.push_back(std::to_string(b.score));
    t.table.rows.push_back(std::move(row));
  }
  return t;
}

TitledTable papers_table(const runs::CiteResult& r) {
  const auto& a = r.analysis;
  TitledTable t{"Papers", table({"paper", "year", "group", "why"}, 4), ""};
  for (std::size_t p = 0; p < a.papers.size(); ++p) {
    std::string why;
    for (const auto& reason : a.papers[p].reasons) why += (why.empty() ? "" : "; ") + reason;
    t.table.rows.push_back(
        {r.paper_titles[p].empty() ? r.paper_ids[p] : r.paper_titles[p] + " [" + r.paper_ids[p] + "]",
         year_text(r.paper_years[p]), a.groups[a.papers[p].group], why.empty() ? "-" : why});
  }
  return t;
}

std::vector<TitledTable> result_tables(const runs::CiteResult& r) {
  const auto& a = r.analysis;
  return {groups_table(a), matrix_table(a), shares_table(a), years_table(a), overlap_table(a), bridges_table(a)};
}

Json table_figure(const TitledTable& t) {
  Json f{{"type", "table"}, {"title", t.title}, {"columns", t.table.headers}, {"rows", t.table.rows}};
  if (!t.note.empty()) f["note"] = t.note;
  return f;
}

std::string summary_line(const runs::CiteResult& r) {
  return std::to_string(r.records) + " records from " + std::to_string(r.inputs.size()) +
         " file(s): " + std::to_string(r.papers) + " papers (" + std::to_string(r.duplicates_merged) +
         " duplicate records merged), " + std::to_string(r.analysis.matrix.total) +
         " in-corpus references; fields from " + r.rules_source + ": " + [&] {
           std::string names;
           for (const auto& f : r.analysis.fields) names += (names.empty() ? "" : ", ") + f;
           return names;
         }();
}

}  // namespace

Json cite_json(const runs::CiteResult& r) {
  const auto& a = r.analysis;
  Json out;
  out["kind"] = "cite";
  Json inputs = Json::array();
  for (const auto& i : r.inputs)
    inputs.push_back({{"path", i.path},
                      {"records", i.records},
                      {"openalex", i.openalex},
                      {"s2", i.semantic_scholar},
                      {"null_records", i.null_records}});
  out["inputs"] = inputs;
  out["records"] = r.records;
  out["papers"] = r.papers;
  out["duplicates_merged"] = r.duplicates_merged;
  out["citations_from_outside"] = r.citations_from_outside;
  out["rules"] = {{"source", r.rules_source}, {"description", r.rules_description}, {"fields", a.fields}};
  out["groups"] = a.groups;
  Json groups = Json::array();
  for (const auto& g : a.group_summaries)
    groups.push_back({{"group", g.name},
                      {"papers", g.papers},
                      {"references", g.references},
                      {"in_corpus", g.in_corpus},
                      {"outside", g.outside},
                      {"cited_by_corpus", g.cited_by_corpus}});
  out["group_summaries"] = groups;
  const auto& m = a.matrix;
  Json ratio = Json::array();
  for (const auto& row : m.ratio) {
    Json values = Json::array();
    for (const auto& v : row) values.push_back(optional_number(v));
    ratio.push_back(values);
  }
  out["matrix"] = {{"null_model",
                    "random mixing: expected[i][j] = row_total[i] * column_total[j] / total (rows citing, columns "
                    "cited)"},
                   {"groups", a.groups},
                   {"observed", m.observed},
                   {"expected", m.expected},
                   {"ratio", ratio},
                   {"row_totals", m.row_totals},
                   {"column_totals", m.column_totals},
                   {"total", m.total}};
  Json shares = Json::array();
  for (const auto& s : a.shares) {
    Json to_group;
    for (std::size_t g = 0; g < a.groups.size(); ++g) to_group[a.groups[g]] = optional_number(s.share_to_group[g]);
    shares.push_back({{"field", s.field},
                      {"papers", s.papers},
                      {"references", s.references},
                      {"in_corpus", s.in_corpus},
                      {"outside", s.outside},
                      {"to_other_fields", s.to_other},
                      {"to_other_fields_inclusive", s.to_other_inclusive},
                      {"share_of_in_corpus", optional_number(s.share_in_corpus)},
                      {"share_of_all", optional_number(s.share_all)},
                      {"share_of_in_corpus_inclusive", optional_number(s.share_in_corpus_inclusive)},
                      {"papers_citing_other_fields", s.papers_citing_other},
                      {"papers_citing_other_fields_share", optional_number(s.papers_citing_other_share)},
                      {"share_to_group", to_group}});
  }
  out["field_shares"] = shares;
  Json years = Json::array();
  for (const auto& y : a.years) {
    Json papers, in_corpus, to_other, cross;
    for (std::size_t g = 0; g < a.groups.size(); ++g) papers[a.groups[g]] = y.papers[g];
    for (std::size_t f = 0; f < a.fields.size(); ++f) {
      in_corpus[a.fields[f]] = y.in_corpus[f];
      to_other[a.fields[f]] = y.to_other[f];
      cross[a.fields[f]] = optional_number(y.cross_share[f]);
    }
    years.push_back({{"year", y.year},
                     {"papers", papers},
                     {"in_corpus", in_corpus},
                     {"to_other_fields", to_other},
                     {"cross_share", cross}});
  }
  out["years"] = years;
  out["papers_without_year"] = a.papers_without_year;
  Json overlaps = Json::array();
  for (const auto& o : a.overlaps)
    overlaps.push_back({{"fields", {a.fields[o.field_a], a.fields[o.field_b]}},
                        {"cited_by_first", o.cited_a},
                        {"cited_by_second", o.cited_b},
                        {"cited_by_both", o.shared},
                        {"jaccard", optional_number(o.jaccard)}});
  out["cited_set_overlap"] = overlaps;
  Json bridges = Json::array();
  for (const auto& b : a.bridges) {
    Json cited_by;
    for (std::size_t f = 0; f < a.fields.size(); ++f) cited_by[a.fields[f]] = b.citations[f];
    bridges.push_back({{"id", b.id},
                       {"in_corpus", b.in_corpus},
                       {"title", b.title},
                       {"year", b.year ? Json(*b.year) : Json()},
                       {"group", b.group},
                       {"cited_by", cited_by},
                       {"score", b.score},
                       {"total", b.total}});
  }
  out["bridges"] = {{"ranking",
                     "score = second-largest number of citing papers over the fields (two fields: the smaller side), "
                     "then the sum over the fields, then id"},
                    {"candidates", a.bridge_candidates},
                    {"top", a.top_k},
                    {"papers", bridges}};
  Json papers = Json::array();
  for (std::size_t p = 0; p < a.papers.size(); ++p) {
    Json fields = Json::array();
    for (std::size_t f = 0; f < a.fields.size(); ++f)
      if (a.papers[p].fields[f]) fields.push_back(a.fields[f]);
    papers.push_back({{"id", r.paper_ids[p]},
                      {"title", r.paper_titles[p]},
                      {"year", r.paper_years[p] ? Json(*r.paper_years[p]) : Json()},
                      {"group", a.groups[a.papers[p].group]},
                      {"fields", fields},
                      {"reasons", a.papers[p].reasons}});
  }
  out["paper_labels"] = papers;
  out["notes"] = r.notes;

  // Figures, from the same tables as the text.
  const auto tables = result_tables(r);
  Json figures = Json::array();
  figures.push_back(table_figure(tables[0]));
  Json rows = Json::array(), columns = Json::array(), labels = Json::array();
  for (const auto& g : a.groups) {
    rows.push_back("citing: " + g);
    columns.push_back("cited: " + g);
  }
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    Json label_row = Json::array();
    for (std::size_t j = 0; j < a.groups.size(); ++j)
      label_row.push_back(std::to_string(m.observed[i][j]) + " / " + text::format_fixed(m.expected[i][j], 2));
    labels.push_back(label_row);
  }
  figures.push_back({{"type", "heatmap"},
                     {"title", "Cross-citation: observed / expected under random mixing (cells: observed / expected)"},
                     {"rows", rows},
                     {"columns", columns},
                     {"values", ratio},
                     {"labels", labels}});
  figures.push_back(table_figure(tables[1]));
  figures.push_back(table_figure(tables[2]));
  Json paper_series = Json::array(), share_series = Json::array();
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    Json x = Json::array(), y = Json::array();
    for (const auto& year : a.years) {
      x.push_back(year.year);
      y.push_back(year.papers[g]);
    }
    paper_series.push_back({{"name", a.groups[g]}, {"x", x}, {"y", y}});
  }
  for (std::size_t f = 0; f < a.fields.size(); ++f) {
    Json x = Json::array(), y = Json::array();
    for (const auto& year : a.years)
      if (year.cross_share[f]) {
        x.push_back(year.year);
        y.push_back(*year.cross_share[f]);
      }
    share_series.push_back({{"name", a.fields[f]}, {"x", x}, {"y", y}});
  }
  figures.push_back({{"type", "lines"},
                     {"title", "Papers per year and group"},
                     {"x_label", "year"},
                     {"y_label", "papers"},
                     {"series", paper_series}});
  figures.push_back({{"type", "lines"},
                     {"title", "Share of each field's in-corpus references that go to another field, per year"},
                     {"x_label", "year"},
                     {"y_label", "share of in-corpus references"},
                     {"series", share_series}});
  figures.push_back(table_figure(tables[3]));
  figures.push_back(table_figure(tables[4]));
  figures.push_back(table_figure(tables[5]));
  out["figures"] = figures;
  return out;
}

Document cite_document(const runs::CiteResult& r, bool list_papers) {
  Document doc;
  doc.line(summary_line(r));
  for (const auto& t : result_tables(r)) {
    doc.line("");
    doc.line(t.title + (t.note.empty() ? "" : " (" + t.note + ")"));
    doc.table(t.table);
  }
  if (list_papers) {
    const TitledTable t = papers_table(r);
    doc.line("");
    doc.line(t.title);
    doc.table(t.table);
  }
  for (const auto& n : r.notes) doc.line("note: " + n);
  return doc;
}

}  // namespace trenchcoat::render
