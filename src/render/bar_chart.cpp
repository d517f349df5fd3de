// Grouped bars with interval whiskers (charts.hpp).
#include <algorithm>
#include <cmath>

#include "trenchcoat/render/charts.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/render/plot_frame.hpp"

namespace trenchcoat::render {
namespace {

constexpr double kCharWidth = 7.0;  // estimated advance at font-size 12 (plot_frame.cpp)
constexpr std::size_t kLabelChars = 28;

// A category label cut to kLabelChars code points, with an ellipsis when cut.
std::string short_label(const std::string& label) {
  std::size_t chars = 0, i = 0;
  for (; i < label.size(); ++i) {
    if ((static_cast<unsigned char>(label[i]) & 0xC0) != 0x80) {
      if (chars == kLabelChars) return label.substr(0, i) + "\xE2\x80\xA6";
      ++chars;
    }
  }
  return label;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::optional<double> at(const std::vector<std::optional<double>>& v, std::size_t i) {
  if (i >= v.size() || !v[i] || !std::isfinite(*v[i])) return std::nullopt;
  return v[i];
}

}  // namespace

std::string bar_svg(const BarChart& c) {
  constexpr double kWidth = 640, kPlotHeight = 260;
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& s : c.series)
    for (std::size_t i = 0; i < c.categories.size(); ++i)
      for (const auto& v : {at(s.values, i), at(s.low, i), at(s.high, i)})
        if (v) {
          lo = std::min(lo, *v);
          hi = std::max(hi, *v);
          any = true;
        }
  if (c.reference_line && std::isfinite(*c.reference_line)) {
    lo = std::min(lo, *c.reference_line);
    hi = std::max(hi, *c.reference_line);
  }
  if (!any && hi == lo) hi = 1;
  std::vector<std::string> names, colours;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    names.push_back(c.series[i].name);
    colours.push_back(series_colour(i));
  }
  PlotFrame f;
  f.left = 72;
  f.width = kWidth - f.left - 20;
  const bool note = c.reference_line.has_value() && !c.reference_label.empty();
  f.top = 12 + legend_height(names, f.width) + (note ? 18 : 0) + 8;
  f.height = kPlotHeight;
  f.y = c.y_range ? nice_axis(c.y_range->first, c.y_range->second) : nice_axis(lo, hi);
  const std::size_t n = std::max<std::size_t>(c.categories.size(), 1);
  const double group = f.width / static_cast<double>(n);
  const double bar = std::min(28.0, group * 0.8 / static_cast<double>(std::max<std::size_t>(c.series.size(), 1)));
  std::size_t longest = 0;
  for (const auto& cat : c.categories) longest = std::max(longest, code_points(short_label(cat)));
  const bool rotate = kCharWidth * static_cast<double>(longest) > group - 4;
  const double label_depth = rotate ? kCharWidth * static_cast<double>(longest) * 0.574 + 12 : 16;  // sin 35 degrees
  const double height = f.top + f.height + label_depth + 16;
  std::string out = svg_open(kWidth, height, c.title);
  double legend_h = 0;
  out += legend_svg(names, colours, f.left, 8, f.width, legend_h);
  if (note)
    out += "<text class=\"chart-note\" x=\"" + svg_number(f.left) + "\" y=\"" + svg_number(8 + legend_h + 14) +
           "\" fill=\"#333\">- - " + escape_markup(c.reference_label) + "</text>\n";
  out += plot_area_svg(f);
  f.x = fixed_axis(0, static_cast<double>(n), 1);
  f.x.ticks.clear();
  out += axes_svg(f, "", c.y_label, false);
  const double base = f.py(std::clamp(0.0, f.y.lo, f.y.hi));
  std::string whiskers;
  for (std::size_t si = 0; si < c.series.size(); ++si) {
    const auto& s = c.series[si];
    out += "<g class=\"bars\" fill=\"" + colours[si] + "\">\n";
    for (std::size_t i = 0; i < c.categories.size(); ++i) {
      const double x = f.left + group * static_cast<double>(i) + group / 2 -
                       bar * static_cast<double>(c.series.size()) / 2 + bar * static_cast<double>(si);
      if (const auto v = at(s.values, i)) {
        const double y = f.py(std::clamp(*v, f.y.lo, f.y.hi));
        out += "<rect x=\"" + svg_number(x + 1) + "\" y=\"" + svg_number(std::min(y, base)) + "\" width=\"" +
               svg_number(bar - 2) + "\" height=\"" + svg_number(std::max(std::fabs(base - y), 1.0)) + "\"><title>" +
               escape_markup(s.name + ", " + c.categories[i] + ": " + shown_number(*v, 4)) + "</title></rect>\n";
      }
      const auto low = at(s.low, i), high = at(s.high, i);
      if (low && high) {
        const double cx = x + bar / 2, y1 = f.py(std::clamp(*low, f.y.lo, f.y.hi)),
                     y2 = f.py(std::clamp(*high, f.y.lo, f.y.hi));
        whiskers += "M" + svg_number(cx) + " " + svg_number(y1) + "V" + svg_number(y2) + "M" + svg_number(cx - 4) +
                    " " + svg_number(y1) + "h8M" + svg_number(cx - 4) + " " + svg_number(y2) + "h8";
      }
    }
    out += "</g>\n";
  }
  if (!whiskers.empty())
    out += "<path class=\"whiskers\" d=\"" + whiskers + "\" stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\"/>\n";
  if (c.reference_line && std::isfinite(*c.reference_line)) {
    const double y = f.py(std::clamp(*c.reference_line, f.y.lo, f.y.hi));
    out += "<line class=\"reference\" x1=\"" + svg_number(f.left) + "\" y1=\"" + svg_number(y) + "\" x2=\"" +
           svg_number(f.left + f.width) + "\" y2=\"" + svg_number(y) +
           "\" stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n";
  }
  // A category without any value says so, rather than looking like bars of 0.
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    bool any_value = false;
    for (const auto& s : c.series) any_value = any_value || at(s.values, i).has_value();
    if (!any_value)
      out += "<text class=\"no-data\" x=\"" + svg_number(f.left + group * (static_cast<double>(i) + 0.5)) + "\" y=\"" +
             svg_number(base - 6) + "\" text-anchor=\"middle\" fill=\"#777\" font-size=\"11\">no data</text>\n";
  }
  out += "<g class=\"tick-labels\" fill=\"#333\">\n";
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    const double x = f.left + group * (static_cast<double>(i) + 0.5), y = f.top + f.height + 16;
    const std::string label = escape_markup(short_label(c.categories[i]));
    if (rotate)
      out += "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) +
             "\" text-anchor=\"end\" transform=\"rotate(-35 " + svg_number(x) + " " + svg_number(y) + ")\">" + label +
             "</text>\n";
    else
      out +=
          "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" text-anchor=\"middle\">" + label + "</text>\n";
  }
  out += "</g>\n";
  return out + svg_close();
}

}  // namespace trenchcoat::render
