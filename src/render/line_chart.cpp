// Lines, one per series, with an optional marked point (charts.hpp).
#include <algorithm>
#include <cmath>

#include "trenchcoat/render/charts.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/render/plot_frame.hpp"

namespace trenchcoat::render {

std::string line_svg(const LineChart& c) {
  constexpr double kWidth = 640, kPlotHeight = 280;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  std::size_t points = 0;
  for (const auto& s : c.series)
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
      if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) {
        ++points;
        xlo = std::min(xlo, s.x[i]);
        xhi = std::max(xhi, s.x[i]);
        ylo = std::min(ylo, s.y[i]);
        yhi = std::max(yhi, s.y[i]);
      }
  std::vector<std::string> names, colours;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    names.push_back(c.series[i].name);
    colours.push_back(series_colour(i));
  }
  PlotFrame f;
  f.left = 72;
  const double legend_width = kWidth - f.left - 20;
  f.top = 12 + legend_height(names, legend_width) + (c.mark ? 18 : 0) + 8;
  f.width = legend_width;
  f.height = kPlotHeight;
  f.x = points > 0 ? nice_axis(xlo, xhi) : nice_axis(0, 1);
  f.y = points > 0 ? nice_axis(ylo, yhi) : nice_axis(0, 1);
  const double height = f.top + f.height + 48;
  std::string out = svg_open(kWidth, height, c.title);
  double legend_h = 0;
  out += legend_svg(names, colours, f.left, 8, legend_width, legend_h);
  if (c.mark)
    out += "<text class=\"chart-note\" x=\"" + svg_number(f.left) + "\" y=\"" + svg_number(8 + legend_h + 14) +
           "\" fill=\"#333\">&#9670; " + escape_markup(c.mark->label) + "</text>\n";
  out += plot_area_svg(f);
  out += axes_svg(f, c.x_label, c.y_label);
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const auto& s = c.series[si];
    std::string d, dots;
    std::size_t drawn = 0;
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      d += (drawn++ ? "L" : "M") + svg_number(f.px(s.x[i])) + " " + svg_number(f.py(s.y[i]));
      dots += "M" + svg_number(f.px(s.x[i]) - 2.5) + " " + svg_number(f.py(s.y[i])) +
              "a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0 -5 0z";
    }
    if (drawn == 0) continue;
    out += "<path class=\"line\" d=\"" + d + "\" fill=\"none\" stroke=\"" + colours[si] +
           "\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n";
    // Dots only where they stay apart (at most one per 6 px of width).
    if (static_cast<double>(drawn) <= f.width / 6)
      out += "<path class=\"dots\" d=\"" + dots + "\" fill=\"" + colours[si] + "\"/>\n";
  }
  if (c.mark && std::isfinite(c.mark->x) && std::isfinite(c.mark->y)) {
    const double x = f.px(c.mark->x), y = f.py(c.mark->y);
    out += "<path class=\"mark\" d=\"M" + svg_number(x) + " " + svg_number(y - 8) + "L" + svg_number(x + 8) + " " +
           svg_number(y) + "L" + svg_number(x) + " " + svg_number(y + 8) + "L" + svg_number(x - 8) + " " +
           svg_number(y) + "Z\" fill=\"none\" stroke=\"#222\" stroke-width=\"2\"/>\n";
  }
  return out + svg_close();
}

}  // namespace trenchcoat::render
