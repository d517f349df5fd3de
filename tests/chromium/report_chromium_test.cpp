// The HTML report rendered by headless Chromium (the Debian package): a page with every kind of result
// is screenshot to a PNG, decoded with libpng, and every plot area (located by a second, scripted load of
// the same page that reports each <rect class="plot-area">'s box) must hold drawn data, while the plot
// areas of charts with nothing to draw must stay blank (so the check can fail). Chromium runs without
// network use (file:// only, background networking off), with a fresh profile and home per run, under
// `timeout`, so the test stops by itself.
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "html_structure.hpp"
#include "report_inputs.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using trenchcoat::testing::read_file;

// Flags for a headless run as root, without a display, a GPU, /dev/shm or network use, with pixels
// that map one to one to CSS pixels in sRGB.
constexpr const char* kChromiumFlags =
    "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --no-default-browser-check "
    "--disable-background-networking --disable-component-update --disable-sync --disable-extensions "
    "--disable-default-apps --no-pings --disable-breakpad --disable-crash-reporter --mute-audio "
    "--hide-scrollbars --force-device-scale-factor=1 --force-color-profile=srgb";
constexpr int kWidth = 1200;

std::string chromium_binary() {
  const char* env = std::getenv("TRENCHCOAT_CHROMIUM");
  return env && *env ? env : "/usr/bin/chromium";
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs Chromium on `page` with `flags`, its standard output into `stdout_file`, with a profile and home
// of its own under `dir`, stopped after 90 s at most. Returns the exit status.
int run_chromium(const fs::path& dir, const std::string& run, const std::string& flags, const fs::path& page,
                 const fs::path& stdout_file) {
  const fs::path home = dir / ("home-" + run), profile = dir / ("profile-" + run);
  fs::create_directories(home);
  const std::string command =
      "HOME=" + quoted(home.string()) + " XDG_CONFIG_HOME=" + quoted((home / ".config").string()) +
      " XDG_CACHE_HOME=" + quoted((home / ".cache").string()) + " timeout -k 5 90 " + quoted(chromium_binary()) + " " +
      kChromiumFlags + " --user-data-dir=" + quoted(profile.string()) + " " + flags + " " +
      quoted("file://" + page.string()) + " > " + quoted(stdout_file.string()) + " 2> " +
      quoted((dir / ("chromium-" + run + ".log")).string());
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Each plot area's box in page pixels, and the page's height, from a load of the page with a script
// added that writes them into an attribute of <html> (the page itself has no script).
constexpr const char* kLocator = R"(<script>
const boxes = [];
for (const e of document.querySelectorAll('rect.plot-area')) {
  const b = e.getBoundingClientRect();
  const f = e.closest('figure');
  boxes.push({x: b.left + window.scrollX, y: b.top + window.scrollY, w: b.width, h: b.height,
              caption: f.querySelector('figcaption').textContent, cells: !!f.querySelector('g.cells')});
}
const h1 = document.querySelector('h1').getBoundingClientRect();
document.documentElement.setAttribute('data-boxes',
    JSON.stringify({height: document.documentElement.scrollHeight, boxes: boxes,
                    title: {x: h1.left + window.scrollX, y: h1.top + window.scrollY, w: h1.width, h: h1.height}}));
</script>
)";

std::string unescape_attribute(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {{"&quot;", "\""}, {"&lt;", "<"},          {"&gt;", ">"},
                                                           {"&#39;", "'"},   {"&nbsp;", "\xC2\xA0"}, {"&amp;", "&"}};
  for (const auto& [entity, text] : kEntities)
    for (auto at = s.find(entity); at != std::string::npos; at = s.find(entity, at + 1))
      s.replace(at, std::string(entity).size(), text);
  return s;
}

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return rgb.data() + 3 * (static_cast<std::size_t>(y) * width + x); }
};

Image decode_png(const fs::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str())) throw std::runtime_error(image.message);
  image.format = PNG_FORMAT_RGB;
  Image out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.rgb.data(), 0, nullptr)) throw std::runtime_error(image.message);
  return out;
}

// Pixels of a box (its 3-pixel border left out: axis lines) in a colour (the largest and smallest
// channel differ by more than 40): what the charts draw data with (series colours, the count bars, the
// heatmap's cells). Text, axes, grid lines and the plot-area background are grey and do not count, so a
// chart with nothing to draw has none (only its "no data" note).
std::size_t ink(const Image& image, int x0, int y0, int w, int h) {
  std::size_t n = 0;
  for (int y = std::max(y0 + 3, 0); y < std::min(y0 + h - 3, image.height); ++y)
    for (int x = std::max(x0 + 3, 0); x < std::min(x0 + w - 3, image.width); ++x) {
      const unsigned char* p = image.at(x, y);
      n += std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 40;
    }
  return n;
}

class ReportChromium : public trenchcoat::testing::TempDirectoryTest {};

TEST_F(ReportChromium, EveryPlotAreaHoldsDrawnData) {
  if (::access(chromium_binary().c_str(), X_OK) != 0)
    GTEST_SKIP() << chromium_binary() << " not found (Debian package chromium; TRENCHCOAT_CHROMIUM names another)";
  auto files = trenchcoat::testing::make_report_inputs(dir_);
  fs::copy_file(trenchcoat::testing::fixture_path("report/blank_control.json"), dir_ / "blank_control.json");
  files.push_back("blank_control.json");
  std::vector<std::string> args = {"report", "--out", "report.html"};
  for (const auto& f : files) args.insert(args.end(), {"--in", f});
  const auto r = trenchcoat(args);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::string html = read_file((dir_ / "report.html").string());

  // Where the plot areas are.
  std::string located = html;
  located.insert(located.rfind("</body>"), kLocator);
  trenchcoat::testing::write_text(dir_ / "located.html", located);
  ASSERT_EQ(run_chromium(dir_, "locate", "--window-size=1200,900 --dump-dom", dir_ / "located.html", dir_ / "dom.html"),
            0)
      << read_file((dir_ / "chromium-locate.log").string());
  const std::string dom = read_file((dir_ / "dom.html").string());
  const auto begin = dom.find("data-boxes=\"");
  ASSERT_NE(begin, std::string::npos) << dom.substr(0, 500);
  const auto end = dom.find('"', begin + 12);
  const auto located_boxes = nlohmann::json::parse(unescape_attribute(dom.substr(begin + 12, end - begin - 12)));
  const int height = located_boxes["height"].get<int>();
  const auto& boxes = located_boxes["boxes"];
  // Every plot area of the page is located: one per chart, two for a reliability diagram (its counts).
  EXPECT_EQ(boxes.size(), trenchcoat::testing::occurrences(html, "class=\"plot-area\""));

  // The page as a reader sees it, whole.
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(run_chromium(dir_, "shot",
                         "--window-size=1200," + std::to_string(height) +
                             " --screenshot=" + quoted((dir_ / "report.png").string()),
                         dir_ / "report.html", dir_ / "shot.txt"),
            0)
      << read_file((dir_ / "chromium-shot.log").string());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "chromium screenshot of a " << html.size() << "-byte page, 1200 x " << height << " px: " << seconds
            << " s\n";
  const Image image = decode_png(dir_ / "report.png");
  ASSERT_EQ(image.width, kWidth);
  ASSERT_EQ(image.height, height);
  // Text is drawn (a font is installed): the title's box holds dark pixels.
  const auto& title = located_boxes["title"];
  std::size_t dark = 0;
  for (int y = static_cast<int>(title["y"].get<double>());
       y < static_cast<int>(title["y"].get<double>() + title["h"].get<double>()); ++y)
    for (int x = static_cast<int>(title["x"].get<double>());
         x < static_cast<int>(title["x"].get<double>() + title["w"].get<double>()); ++x) {
      const unsigned char* p = image.at(x, y);
      dark += p[0] < 120 && p[1] < 120 && p[2] < 120;
    }
  EXPECT_GE(dark, 100u) << "no text in the title's box: is a font installed (fonts-dejavu-core)?";
  std::size_t drawn = 0, blank = 0;
  for (const auto& b : boxes) {
    const int x = static_cast<int>(b["x"].get<double>()), y = static_cast<int>(b["y"].get<double>());
    const int w = static_cast<int>(b["w"].get<double>()), h = static_cast<int>(b["h"].get<double>());
    const std::string caption = b["caption"];
    ASSERT_LE(x + w, image.width) << caption;
    ASSERT_LE(y + h, image.height) << caption;
    const std::size_t n = ink(image, x, y, w, h);
    if (caption == "Bars without values" || caption == "Lines without points") {
      EXPECT_EQ(n, 0u) << caption;
      ++blank;
    } else {
      // At least 200 pixels of data (a line across the plot is about 1000; 24 scatter points about 380).
      EXPECT_GE(n, 200u) << caption << " at " << x << "," << y << " " << w << "x" << h;
      ++drawn;
    }
  }
  EXPECT_EQ(blank, 2u);
  EXPECT_GE(drawn, 16u);
}

}  // namespace
