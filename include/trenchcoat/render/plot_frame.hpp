#pragma once
// The frame of an SVG plot: numeric axes with "nice" ticks (1, 2, 2.5 or 5 times a power of ten), the
// rectangle where data is drawn (the plot area) and the mapping from data to SVG coordinates, and the
// SVG of the frame itself (plot-area background, grid lines, axis lines, tick labels, axis labels).
// Every number is written with svg_number / shown_number, so the same data gives the same bytes.
#include <string>
#include <vector>

namespace trenchcoat::render {

// A numeric axis: the domain shown, its ticks (inside the domain, increasing) and the decimals of the
// tick labels.
struct Axis {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
  int decimals = 0;
};

// An axis whose domain covers [lo, hi] and starts and ends on a tick, with about `target` ticks; a
// range of width 0 is widened around its value, a non-finite bound is read as 0..1.
Axis nice_axis(double lo, double hi, int target = 5);
// An axis of exactly [lo, hi] with ticks every `step` from lo.
Axis fixed_axis(double lo, double hi, double step);

// The plot area in SVG coordinates (x to the right, y down) and the axes drawn on it.
struct PlotFrame {
  double left = 0, top = 0, width = 0, height = 0;
  Axis x, y;
  double px(double value) const;  // data x -> SVG x
  double py(double value) const;  // data y -> SVG y
};

// The opening of a plot's SVG element (width x height, its title as <title> for screen readers and
// tooltips) and the closing tag.
std::string svg_open(double width, double height, const std::string& title);
std::string svg_close();

// The plot area's background (class "plot-area": the test and a reader's stylesheet find each plot's
// data region by it).
std::string plot_area_svg(const PlotFrame& frame);
// Grid lines and tick labels of both axes, the axis lines and the axis labels. `x_axis` false leaves
// the x ticks to the caller (categorical axes).
std::string axes_svg(const PlotFrame& frame, const std::string& x_label, const std::string& y_label,
                     bool x_axis = true);

// A legend of coloured swatches in rows from (left, top), wrapping at `width`; returns the SVG and
// sets `height` to the height it takes (0 for no names).
std::string legend_svg(const std::vector<std::string>& names, const std::vector<std::string>& colours, double left,
                       double top, double width, double& height);
// The height legend_svg will take, without drawing it.
double legend_height(const std::vector<std::string>& names, double width);

// The fill colour of series `index` (Okabe-Ito's colour-blind-safe palette, cycled).
const std::string& series_colour(std::size_t index);

}  // namespace trenchcoat::render
