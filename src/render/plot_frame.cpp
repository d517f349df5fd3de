#include "trenchcoat/render/plot_frame.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "trenchcoat/render/markup.hpp"

namespace trenchcoat::render {
namespace {

// Text widths are estimated, not measured (no fonts at build time): 0.6 em per character is the
// average advance of DejaVu Sans and Liberation Sans at the sizes used here, rounded up.
constexpr double kCharWidth = 7.0;  // at font-size 12
constexpr double kLegendRow = 16;
constexpr double kSwatch = 10;

// Tick labels need as many decimals as the step has.
int step_decimals(double step) {
  int decimals = 0;
  while (decimals < 8 && std::fabs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) >
                             1e-9 * std::pow(10.0, decimals))
    ++decimals;
  return decimals;
}

}  // namespace

Axis nice_axis(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo <= 0) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(1, target);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power * 10;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  Axis axis;
  // Bounds on the step grid; the small tolerance keeps a bound that is a multiple of the step.
  axis.lo = std::floor(lo / step + 1e-9) * step;
  axis.hi = std::ceil(hi / step - 1e-9) * step;
  const long count = std::lround((axis.hi - axis.lo) / step);
  for (long i = 0; i <= count; ++i) {
    const double t = axis.lo + static_cast<double>(i) * step;
    axis.ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  axis.decimals = step_decimals(step);
  return axis;
}

Axis fixed_axis(double lo, double hi, double step) {
  Axis axis;
  axis.lo = lo;
  axis.hi = hi;
  const long count = std::lround(std::floor((hi - lo) / step + 1e-9));
  for (long i = 0; i <= count; ++i) axis.ticks.push_back(lo + static_cast<double>(i) * step);
  axis.decimals = step_decimals(step);
  return axis;
}

double PlotFrame::px(double value) const { return left + (value - x.lo) / (x.hi - x.lo) * width; }
double PlotFrame::py(double value) const { return top + height - (value - y.lo) / (y.hi - y.lo) * height; }

std::string svg_open(double width, double height, const std::string& title) {
  return "<svg class=\"plot\" width=\"" + svg_number(width) + "\" height=\"" + svg_number(height) +
         "\" viewBox=\"0 0 " + svg_number(width) + " " + svg_number(height) +
         "\" role=\"img\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"12\">\n<title>" +
         escape_markup(title) + "</title>\n";
}

std::string svg_close() { return "</svg>\n"; }

std::string plot_area_svg(const PlotFrame& f) {
  return "<rect class=\"plot-area\" x=\"" + svg_number(f.left) + "\" y=\"" + svg_number(f.top) + "\" width=\"" +
         svg_number(f.width) + "\" height=\"" + svg_number(f.height) + "\" fill=\"#fafafa\"/>\n";
}

std::string axes_svg(const PlotFrame& f, const std::string& x_label, const std::string& y_label, bool x_axis) {
  std::string out = "<g class=\"axes\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n";
  for (const double t : f.y.ticks)
    out += "<line x1=\"" + svg_number(f.left) + "\" y1=\"" + svg_number(f.py(t)) + "\" x2=\"" +
           svg_number(f.left + f.width) + "\" y2=\"" + svg_number(f.py(t)) + "\"/>\n";
  if (x_axis)
    for (const double t : f.x.ticks)
      out += "<line x1=\"" + svg_number(f.px(t)) + "\" y1=\"" + svg_number(f.top) + "\" x2=\"" + svg_number(f.px(t)) +
             "\" y2=\"" + svg_number(f.top + f.height) + "\"/>\n";
  out += "</g>\n<g class=\"axis-lines\" stroke=\"#444\" stroke-width=\"1\">\n";
  out += "<line x1=\"" + svg_number(f.left) + "\" y1=\"" + svg_number(f.top) + "\" x2=\"" + svg_number(f.left) +
         "\" y2=\"" + svg_number(f.top + f.height) + "\"/>\n";
  out += "<line x1=\"" + svg_number(f.left) + "\" y1=\"" + svg_number(f.top + f.height) + "\" x2=\"" +
         svg_number(f.left + f.width) + "\" y2=\"" + svg_number(f.top + f.height) + "\"/>\n</g>\n";
  out += "<g class=\"tick-labels\" fill=\"#333\">\n";
  for (const double t : f.y.ticks)
    out += "<text x=\"" + svg_number(f.left - 6) + "\" y=\"" + svg_number(f.py(t) + 4) + "\" text-anchor=\"end\">" +
           shown_number(t, f.y.decimals) + "</text>\n";
  if (x_axis)
    for (const double t : f.x.ticks)
      out += "<text x=\"" + svg_number(f.px(t)) + "\" y=\"" + svg_number(f.top + f.height + 16) +
             "\" text-anchor=\"middle\">" + shown_number(t, f.x.decimals) + "</text>\n";
  out += "</g>\n";
  if (!x_label.empty())
    out += "<text class=\"axis-label\" x=\"" + svg_number(f.left + f.width / 2) + "\" y=\"" +
           svg_number(f.top + f.height + 36) + "\" text-anchor=\"middle\">" + escape_markup(x_label) + "</text>\n";
  if (!y_label.empty()) {
    const double x = 14, y = f.top + f.height / 2;
    out += "<text class=\"axis-label\" x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) +
           "\" text-anchor=\"middle\" transform=\"rotate(-90 " + svg_number(x) + " " + svg_number(y) + ")\">" +
           escape_markup(y_label) + "</text>\n";
  }
  return out;
}

namespace {

double entry_width(const std::string& name) { return kSwatch + 6 + kCharWidth * static_cast<double>(name.size()) + 16; }

}  // namespace

double legend_height(const std::vector<std::string>& names, double width) {
  if (names.empty()) return 0;
  double x = 0, rows = 1;
  for (const auto& n : names) {
    const double w = entry_width(n);
    if (x > 0 && x + w > width) {
      ++rows;
      x = 0;
    }
    x += w;
  }
  return rows * kLegendRow;
}

std::string legend_svg(const std::vector<std::string>& names, const std::vector<std::string>& colours, double left,
                       double top, double width, double& height) {
  height = legend_height(names, width);
  if (names.empty()) return "";
  std::string out = "<g class=\"legend\">\n";
  double x = 0, y = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double w = entry_width(names[i]);
    if (x > 0 && x + w > width) {
      y += kLegendRow;
      x = 0;
    }
    out += "<rect x=\"" + svg_number(left + x) + "\" y=\"" + svg_number(top + y + 2) + "\" width=\"" +
           svg_number(kSwatch) + "\" height=\"" + svg_number(kSwatch) + "\" fill=\"" + colours[i] + "\"/>\n";
    out += "<text x=\"" + svg_number(left + x + kSwatch + 6) + "\" y=\"" + svg_number(top + y + 11) + "\">" +
           escape_markup(names[i]) + "</text>\n";
    x += w;
  }
  return out + "</g>\n";
}

const std::string& series_colour(std::size_t index) {
  static const std::array<std::string, 7> kPalette = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                      "#e69f00", "#56b4e9", "#8c564b"};
  return kPalette[index % kPalette.size()];
}

}  // namespace trenchcoat::render
