#pragma once
// The charts of the HTML report, each drawn as one self-contained SVG element (no scripts, no external
// references): a scatter with its least-squares line, lines, grouped bars with interval whiskers, a
// reliability diagram with bin counts and a heatmap. Each chart is plain data (already read from a
// result) and one function draws it; the same data gives the same bytes. Every plot area is a
// <rect class="plot-area"> (plot_frame.hpp). Non-finite values are left out of what is drawn.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace trenchcoat::render {

// Points (x[i], y[i]) and, with `fit`, the least-squares line y = a + b x over them, with n, the
// line's equation and Pearson's r written above the plot.
struct ScatterChart {
  std::string title, x_label, y_label;
  std::vector<double> x, y;
  bool fit = true;
};

struct LineSeries {
  std::string name;
  std::vector<double> x, y;
};

// A point marked on a line chart (e.g. the gold peak of a best-of-n curve).
struct MarkedPoint {
  double x = 0, y = 0;
  std::string label;
};

struct LineChart {
  std::string title, x_label, y_label;
  std::vector<LineSeries> series;
  std::optional<MarkedPoint> mark;
};

// One bar per category; low and high (either empty, or one entry per category) draw a whisker.
struct BarSeries {
  std::string name;
  std::vector<std::optional<double>> values, low, high;
};

// Grouped bars: per category one bar per series. `reference_line` draws a dashed horizontal line
// (e.g. chance at 0.5); `y_range` fixes the y axis (e.g. 0..1 for rates), else it covers 0 and the data.
struct BarChart {
  std::string title, y_label;
  std::vector<std::string> categories;
  std::vector<BarSeries> series;
  std::optional<double> reference_line;
  std::string reference_label;
  std::optional<std::pair<double, double>> y_range;
};

// A reliability-diagram bin: predicted probabilities in (lower, upper], their mean (confidence) and
// the observed frequency (accuracy); both absent for an empty bin.
struct ReliabilityBin {
  double lower = 0, upper = 0;
  std::size_t count = 0;
  std::optional<double> confidence, accuracy;
};

// Observed frequency against predicted probability per bin (bars over each bin's range, a dot at the
// bin's mean prediction, the diagonal of perfect calibration), and below it the bin counts as bars
// with their numbers.
struct ReliabilityChart {
  std::string title;
  std::vector<ReliabilityBin> bins;
};

// A grid of values[r][c] coloured from the smallest to the largest value, each cell with its label
// (labels[r][c] when given, else the value with 3 decimals); a missing value is a grey cell.
struct HeatmapChart {
  std::string title;
  std::vector<std::string> rows, columns;
  std::vector<std::vector<std::optional<double>>> values;
  std::vector<std::vector<std::string>> labels;  // empty, or one per value
};

std::string scatter_svg(const ScatterChart& chart);
std::string line_svg(const LineChart& chart);
std::string bar_svg(const BarChart& chart);
std::string reliability_svg(const ReliabilityChart& chart);
std::string heatmap_svg(const HeatmapChart& chart);

// The least-squares line y = intercept + slope x and Pearson's r over the finite pairs; nullopt with
// fewer than 2 pairs or constant x (r is NaN when y is constant).
struct LeastSquaresFit {
  double intercept = 0, slope = 0, pearson = 0;
  std::size_t points = 0;
};
std::optional<LeastSquaresFit> least_squares_fit(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace trenchcoat::render
