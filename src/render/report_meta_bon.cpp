// The report's meta bon section (report_sections.hpp).
#include "report_sections.hpp"
#include "trenchcoat/render/markup.hpp"

namespace trenchcoat::render {

ReportSection meta_bon_section(const ResultJson& r) {
  ReportSection section;
  section.heading = "meta bon";
  const ResultJson inputs = r.at("inputs");
  const std::string proxy = inputs.at("proxy").string("field"), gold = inputs.at("gold").string("field");
  const bool zscore = r.given("normalization") && r.at("normalization").optional_string("method") == "zscore";
  LineSeries gold_series{"gold (" + gold + ")", {}, {}}, proxy_series{"proxy (" + proxy + ")", {}, {}};
  const ResultJson peak = r.at("gold_peak");
  const double peak_n = peak.number("n");
  std::optional<MarkedPoint> mark;
  for (const auto& p : r.items("curve")) {
    const double kl = p.number("kl");
    gold_series.x.push_back(kl);
    gold_series.y.push_back(p.number("gold"));
    proxy_series.x.push_back(kl);
    proxy_series.y.push_back(p.number("proxy"));
    if (p.number("n") == peak_n)
      mark = MarkedPoint{kl, p.number("gold"),
                         "gold peak at k = " + table_number(peak_n) + " (KL " + shown_number(kl, 3) + ", gold " +
                             shown_number(p.number("gold"), 4) + ")"};
  }
  section.figures.push_back(Paragraph{"best-of-k by proxy '" + proxy + "', measured by gold '" + gold + "', from " +
                                      inputs.string("file") + ": " + table_number(inputs.number("prompts_used")) +
                                      " prompts, k = 1.." + table_number(static_cast<double>(gold_series.x.size())) +
                                      (zscore ? "; scores z-scored" : "; raw units")});
  const std::string x_label = "KL_bon = log k - (k-1)/k";
  if (zscore) {
    LineChart chart{"Gold and proxy score of the proxy-best of k (z-scores)",
                    x_label,
                    "mean score (z)",
                    {gold_series, proxy_series},
                    mark};
    section.figures.push_back(std::move(chart));
  } else {
    section.figures.push_back(LineChart{"Gold score of the proxy-best of k", x_label, gold, {gold_series}, mark});
    section.figures.push_back(
        LineChart{"Proxy score of the proxy-best of k", x_label, proxy, {proxy_series}, std::nullopt});
  }
  if (r.given("fits")) {
    TableFigure fits;
    fits.title = "Fits of gold(k) - gold(1) against d = sqrt(KL)";
    fits.columns = {"form", "alpha", "beta", "peak d*", "residual RMS", "note"};
    fits.numeric = {false, true, true, true, true, false};
    for (const char* key : {"bon", "rl"}) {
      if (!r.at("fits").given(key)) continue;
      const ResultJson f = r.at("fits").at(key);
      const bool fittable = f.at("fittable").node().is_boolean() && f.at("fittable").node().get<bool>();
      if (!fittable) {
        fits.rows.push_back({f.string("form"), "", "", "", "", "not fittable: " + f.optional_string("reason")});
        continue;
      }
      const auto peak_d = f.optional_number("peak_distance");
      fits.rows.push_back({f.string("form"), shown_number(f.number("alpha"), 4), shown_number(f.number("beta"), 4),
                           peak_d ? shown_number(*peak_d, 4) : "none", shown_number(f.number("residual_rms"), 4),
                           f.optional_string("reason")});
    }
    section.figures.push_back(std::move(fits));
  }
  if (r.given("notes"))
    for (const auto& n : r.strings("notes")) section.figures.push_back(Paragraph{"Note: " + n});
  return section;
}

}  // namespace trenchcoat::render
