// The scatter with its least-squares line (charts.hpp).
#include <algorithm>
#include <cmath>

#include "trenchcoat/render/charts.hpp"
#include "trenchcoat/render/markup.hpp"
#include "trenchcoat/render/plot_frame.hpp"

namespace trenchcoat::render {
namespace {

// A coefficient with about 4 significant digits (fixed notation, deterministic).
std::string coefficient(double v) {
  if (!std::isfinite(v) || v == 0) return shown_number(v, 0);
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  return shown_number(v, std::clamp(3 - magnitude, 0, 8));
}

}  // namespace

std::optional<LeastSquaresFit> least_squares_fit(const std::vector<double>& x, const std::vector<double>& y) {
  double n = 0, mx = 0, my = 0;
  const std::size_t size = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < size; ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      n += 1;
      mx += x[i];
      my += y[i];
    }
  if (n < 2) return std::nullopt;
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < size; ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) * (y[i] - my);
    }
  if (sxx == 0) return std::nullopt;
  LeastSquaresFit fit;
  fit.slope = sxy / sxx;
  fit.intercept = my - fit.slope * mx;
  fit.pearson = syy == 0 ? std::nan("") : sxy / std::sqrt(sxx * syy);
  fit.points = static_cast<std::size_t>(n);
  return fit;
}

std::string scatter_svg(const ScatterChart& c) {
  constexpr double kWidth = 640, kPlotHeight = 300;
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  std::size_t points = 0;
  const std::size_t size = std::min(c.x.size(), c.y.size());
  for (std::size_t i = 0; i < size; ++i)
    if (std::isfinite(c.x[i]) && std::isfinite(c.y[i])) {
      ++points;
      xlo = std::min(xlo, c.x[i]);
      xhi = std::max(xhi, c.x[i]);
      ylo = std::min(ylo, c.y[i]);
      yhi = std::max(yhi, c.y[i]);
    }
  // A plain value beside the flag: GCC 12 warns (wrongly) about reading an optional's fields here.
  const std::optional<LeastSquaresFit> fitted = c.fit ? least_squares_fit(c.x, c.y) : std::nullopt;
  const bool has_fit = fitted.has_value();
  const LeastSquaresFit fit = fitted.value_or(LeastSquaresFit{});
  if (has_fit) {
    // The line is drawn over the data's x range; its ends stay inside the y axis.
    for (const double x : {xlo, xhi}) {
      ylo = std::min(ylo, fit.intercept + fit.slope * x);
      yhi = std::max(yhi, fit.intercept + fit.slope * x);
    }
  }
  PlotFrame f;
  f.left = 72;
  f.top = 28;
  f.width = kWidth - f.left - 20;
  f.height = kPlotHeight;
  f.x = points > 0 ? nice_axis(xlo, xhi) : nice_axis(0, 1);
  f.y = points > 0 ? nice_axis(ylo, yhi) : nice_axis(0, 1);
  const double height = f.top + f.height + 48;
  std::string out = svg_open(kWidth, height, c.title);
  std::string summary = "n = " + std::to_string(points);
  if (has_fit) {
    summary += "; least squares: y = " + coefficient(fit.intercept) + (fit.slope < 0 ? " - " : " + ") +
               coefficient(std::fabs(fit.slope)) + " x; Pearson r = " + shown_number(fit.pearson, 4);
  }
  out += "<text class=\"chart-note\" x=\"" + svg_number(f.left) + "\" y=\"16\" fill=\"#333\">" +
         escape_markup(summary) + "</text>\n";
  out += plot_area_svg(f);
  out += axes_svg(f, c.x_label, c.y_label);
  // Many points overlap (discrete human scores): translucent squares let density show.
  const std::string opacity = points > 200 ? "0.3" : "0.75";
  out += "<path class=\"points\" fill=\"" + series_colour(0) + "\" fill-opacity=\"" + opacity + "\" d=\"";
  for (std::size_t i = 0; i < size; ++i)
    if (std::isfinite(c.x[i]) && std::isfinite(c.y[i]))
      out += "M" + svg_number(f.px(c.x[i]) - 2) + " " + svg_number(f.py(c.y[i]) - 2) + "h4v4h-4z";
  out += "\"/>\n";
  if (has_fit)
    out += "<line class=\"fit\" x1=\"" + svg_number(f.px(xlo)) + "\" y1=\"" +
           svg_number(f.py(fit.intercept + fit.slope * xlo)) + "\" x2=\"" + svg_number(f.px(xhi)) + "\" y2=\"" +
           svg_number(f.py(fit.intercept + fit.slope * xhi)) + "\" stroke=\"" + series_colour(1) +
           "\" stroke-width=\"2\"/>\n";
  return out + svg_close();
}

}  // namespace trenchcoat::render
