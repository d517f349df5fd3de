#pragma once
// Tables rendered as Python's tabulate (0.8.9) renders them in the formats sacreBLEU uses:
// "fancy_grid" (box drawing) and "latex_booktabs". Columns are at least two characters wider than
// their header, cells are padded by one space, and centring puts the odd space on the right.
#include <string>
#include <vector>

namespace trenchcoat::io {

enum class Align { left, right, center };
enum class TableStyle { fancy_grid, latex_booktabs };

struct TextTable {
  std::vector<std::string> headers;
  std::vector<Align> aligns;  // one per column
  std::vector<std::vector<std::string>> rows;
};

// The table without a trailing newline.
std::string render_table(const TextTable& table, TableStyle style);

// Text with LaTeX's special characters escaped as tabulate's latex_booktabs escapes cells
// (& % $ # _ { } ^ ~ \ < >).
std::string latex_escape(const std::string& s);

}  // namespace trenchcoat::io
