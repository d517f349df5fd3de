// The heatmap (charts.hpp).
#include <algorithm>
#include <cmath>

#include "trenchcoat/render/charts.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/render/plot_frame.hpp"

namespace trenchcoat::render {
namespace {

constexpr double kCharWidth = 7.0;  // estimated advance at font-size 12 (plot_frame.cpp)

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A colour between a pale and a dark blue, t in [0, 1], as #rrggbb.
std::string ramp(double t) {
  constexpr double kFrom[3] = {222, 235, 247}, kTo[3] = {8, 69, 148};
  static const char* kHex = "0123456789abcdef";
  std::string out = "#";
  for (int i = 0; i < 3; ++i) {
    const long v = std::lround(kFrom[i] + (kTo[i] - kFrom[i]) * std::clamp(t, 0.0, 1.0));
    out += kHex[v / 16];
    out += kHex[v % 16];
  }
  return out;
}

}  // namespace

std::string heatmap_svg(const HeatmapChart& c) {
  constexpr double kWidth = 640, kCellHeight = 30;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& row : c.values)
    for (const auto& v : row)
      if (v && std::isfinite(*v)) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
  std::size_t row_chars = 0, column_chars = 0;
  for (const auto& r : c.rows) row_chars = std::max(row_chars, code_points(r));
  for (const auto& col : c.columns) column_chars = std::max(column_chars, code_points(col));
  PlotFrame f;
  f.left = std::min(12 + kCharWidth * static_cast<double>(row_chars), 240.0);
  f.width = kWidth - f.left - 20;
  const double cell_width = f.width / static_cast<double>(std::max<std::size_t>(c.columns.size(), 1));
  const bool rotate = kCharWidth * static_cast<double>(column_chars) > cell_width - 4;
  f.top = 12 + (rotate ? std::min(kCharWidth * static_cast<double>(column_chars) * 0.574 + 8, 160.0) : 18);
  f.height = kCellHeight * static_cast<double>(std::max<std::size_t>(c.rows.size(), 1));
  const double height = f.top + f.height + 40;
  std::string out = svg_open(kWidth, height, c.title);
  out += plot_area_svg(f);
  out += "<g class=\"cells\" stroke=\"#ffffff\" stroke-width=\"1\">\n";
  std::string labels;
  for (std::size_t r = 0; r < c.rows.size(); ++r)
    for (std::size_t col = 0; col < c.columns.size(); ++col) {
      const std::optional<double> v =
          r < c.values.size() && col < c.values[r].size() ? c.values[r][col] : std::optional<double>();
      const bool present = v && std::isfinite(*v);
      const double t = present ? (hi > lo ? (*v - lo) / (hi - lo) : 0.5) : 0;
      const double x = f.left + cell_width * static_cast<double>(col), y = f.top + kCellHeight * static_cast<double>(r);
      std::string label = r < c.labels.size() && col < c.labels[r].size() ? c.labels[r][col]
                          : present                                       ? shown_number(*v, 3)
                                                                          : "";
      out += "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(cell_width) +
             "\" height=\"" + svg_number(kCellHeight) + "\" fill=\"" + (present ? ramp(t) : std::string("#d9d9d9")) +
             "\"><title>" + escape_markup(c.rows[r] + " / " + c.columns[col] + ": " + (present ? label : "missing")) +
             "</title></rect>\n";
      if (!label.empty() && kCharWidth * static_cast<double>(code_points(label)) <= cell_width - 2)
        labels += "<text x=\"" + svg_number(x + cell_width / 2) + "\" y=\"" + svg_number(y + kCellHeight / 2 + 4) +
                  "\" text-anchor=\"middle\" fill=\"" + (t > 0.55 ? "#ffffff" : "#222222") + "\">" +
                  escape_markup(label) + "</text>\n";
    }
  out += "</g>\n";
  if (!labels.empty()) out += "<g class=\"cell-labels\">\n" + labels + "</g>\n";
  out += "<g class=\"tick-labels\" fill=\"#333\">\n";
  for (std::size_t r = 0; r < c.rows.size(); ++r)
    out += "<text x=\"" + svg_number(f.left - 6) + "\" y=\"" +
           svg_number(f.top + kCellHeight * (static_cast<double>(r) + 0.5) + 4) + "\" text-anchor=\"end\">" +
           escape_markup(c.rows[r]) + "</text>\n";
  for (std::size_t col = 0; col < c.columns.size(); ++col) {
    const double x = f.left + cell_width * (static_cast<double>(col) + 0.5), y = f.top - 6;
    if (rotate)
      out += "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" transform=\"rotate(-35 " + svg_number(x) +
             " " + svg_number(y) + ")\">" + escape_markup(c.columns[col]) + "</text>\n";
    else
      out += "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" text-anchor=\"middle\">" +
             escape_markup(c.columns[col]) + "</text>\n";
  }
  out += "</g>\n";
  // The colour scale: its two ends.
  if (lo <= hi) {
    const double y = f.top + f.height + 14;
    out += "<g class=\"colour-scale\">\n<rect x=\"" + svg_number(f.left) + "\" y=\"" + svg_number(y) +
           "\" width=\"14\" height=\"14\" fill=\"" + ramp(0) + "\"/>\n<text x=\"" + svg_number(f.left + 20) +
           "\" y=\"" + svg_number(y + 11) + "\" fill=\"#333\">" + shown_number(lo, 3) + "</text>\n<rect x=\"" +
           svg_number(f.left + 140) + "\" y=\"" + svg_number(y) + "\" width=\"14\" height=\"14\" fill=\"" + ramp(1) +
           "\"/>\n<text x=\"" + svg_number(f.left + 160) + "\" y=\"" + svg_number(y + 11) + "\" fill=\"#333\">" +
           shown_number(hi, 3) + "</text>\n</g>\n";
  }
  return out + svg_close();
}

}  // namespace trenchcoat::render
