// The reliability diagram with its bin counts (charts.hpp).
#include <algorithm>
#include <cmath>

#include "trenchcoat/render/charts.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/render/plot_frame.hpp"

namespace trenchcoat::render {

std::string reliability_svg(const ReliabilityChart& c) {
  constexpr double kWidth = 640;
  PlotFrame f;
  f.left = 72;
  f.width = kWidth - f.left - 20;
  f.top = 12 + 16 + 8;
  f.height = 260;
  f.x = fixed_axis(0, 1, 0.2);
  f.y = fixed_axis(0, 1, 0.2);
  // The counts: a strip under the diagram, sharing its x axis.
  PlotFrame counts = f;
  counts.top = f.top + f.height + 40;
  counts.height = 64;
  std::size_t most = 0, total = 0;
  for (const auto& b : c.bins) {
    most = std::max(most, b.count);
    total += b.count;
  }
  counts.y = fixed_axis(0, static_cast<double>(std::max<std::size_t>(most, 1)),
                        static_cast<double>(std::max<std::size_t>(most, 1)));
  const double height = counts.top + counts.height + 28;
  std::string out = svg_open(kWidth, height, c.title);
  const std::vector<std::string> names = {"observed frequency per bin", "mean prediction", "perfect calibration"};
  const std::vector<std::string> colours = {"#56b4e9", series_colour(1), "#555555"};
  double legend_h = 0;
  out += legend_svg(names, colours, f.left, 8, f.width, legend_h);
  out += plot_area_svg(f);
  out += axes_svg(f, "", "observed frequency");
  out += "<g class=\"bins\" fill=\"#56b4e9\" stroke=\"#ffffff\" stroke-width=\"1\">\n";
  std::string dots;
  for (const auto& b : c.bins) {
    if (b.count == 0 || !b.accuracy || !std::isfinite(*b.accuracy)) continue;
    const double x1 = f.px(std::clamp(b.lower, 0.0, 1.0)), x2 = f.px(std::clamp(b.upper, 0.0, 1.0));
    const double y = f.py(std::clamp(*b.accuracy, 0.0, 1.0));
    out += "<rect x=\"" + svg_number(x1) + "\" y=\"" + svg_number(y) + "\" width=\"" +
           svg_number(std::max(x2 - x1, 1.0)) + "\" height=\"" + svg_number(std::max(f.top + f.height - y, 1.0)) +
           "\"><title>" +
           escape_markup("(" + shown_number(b.lower, 3) + ", " + shown_number(b.upper, 3) +
                         "]: " + std::to_string(b.count) + " samples, observed " + shown_number(*b.accuracy, 3) +
                         (b.confidence ? ", predicted " + shown_number(*b.confidence, 3) : "")) +
           "</title></rect>\n";
    if (b.confidence && std::isfinite(*b.confidence))
      dots += "M" + svg_number(f.px(std::clamp(*b.confidence, 0.0, 1.0)) - 3.5) + " " + svg_number(y) +
              "a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0z";
  }
  out += "</g>\n";
  out += "<line class=\"diagonal\" x1=\"" + svg_number(f.px(0)) + "\" y1=\"" + svg_number(f.py(0)) + "\" x2=\"" +
         svg_number(f.px(1)) + "\" y2=\"" + svg_number(f.py(1)) +
         "\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n";
  if (!dots.empty()) out += "<path class=\"dots\" d=\"" + dots + "\" fill=\"" + series_colour(1) + "\"/>\n";
  // The count strip: bars and their numbers, on the diagram's x axis.
  out += "<rect class=\"plot-area\" x=\"" + svg_number(counts.left) + "\" y=\"" + svg_number(counts.top) +
         "\" width=\"" + svg_number(counts.width) + "\" height=\"" + svg_number(counts.height) +
         "\" fill=\"#fafafa\"/>\n";
  out += "<g class=\"counts\" fill=\"#9a9ad0\">\n";
  const bool numbers = c.bins.size() <= 20;
  std::string labels;
  for (const auto& b : c.bins) {
    if (b.count == 0) continue;
    const double x1 = counts.px(std::clamp(b.lower, 0.0, 1.0)), x2 = counts.px(std::clamp(b.upper, 0.0, 1.0));
    const double y = counts.py(static_cast<double>(b.count));
    out += "<rect x=\"" + svg_number(x1 + 1) + "\" y=\"" + svg_number(y) + "\" width=\"" +
           svg_number(std::max(x2 - x1 - 2, 1.0)) + "\" height=\"" +
           svg_number(std::max(counts.top + counts.height - y, 1.0)) + "\"/>\n";
    if (numbers)
      labels += "<text x=\"" + svg_number((x1 + x2) / 2) + "\" y=\"" + svg_number(counts.top - 3) +
                "\" text-anchor=\"middle\" font-size=\"10\">" + std::to_string(b.count) + "</text>\n";
  }
  out += "</g>\n";
  if (!labels.empty()) out += "<g class=\"count-labels\" fill=\"#333\">\n" + labels + "</g>\n";
  out += "<line x1=\"" + svg_number(counts.left) + "\" y1=\"" + svg_number(counts.top + counts.height) + "\" x2=\"" +
         svg_number(counts.left + counts.width) + "\" y2=\"" + svg_number(counts.top + counts.height) +
         "\" stroke=\"#444\"/>\n";
  out += "<text class=\"axis-label\" x=\"" + svg_number(counts.left - 6) + "\" y=\"" +
         svg_number(counts.top + counts.height / 2 + 4) + "\" text-anchor=\"end\" fill=\"#333\">count</text>\n";
  out += "<text class=\"axis-label\" x=\"" + svg_number(f.left + f.width / 2) + "\" y=\"" +
         svg_number(counts.top + counts.height + 20) + "\" text-anchor=\"middle\">predicted probability (" +
         std::to_string(total) + " samples)</text>\n";
  return out + svg_close();
}

}  // namespace trenchcoat::render
