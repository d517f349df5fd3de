#include "neural/zip_archive.hpp"

#include <algorithm>
#include <cstring>

#include "trenchcoat/error.hpp"

namespace trenchcoat::neural {

namespace {

constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint32_t kZip64EndSignature = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr std::size_t kEndSize = 22;
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kZip64EndSize = 56;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;

// Little-endian reads; the caller has checked that [offset, offset + N) lies inside `bytes`.
std::uint16_t u16(std::span<const std::byte> b, std::uint64_t at) {
  return static_cast<std::uint16_t>(std::to_integer<unsigned>(b[at]) | (std::to_integer<unsigned>(b[at + 1]) << 8));
}
std::uint32_t u32(std::span<const std::byte> b, std::uint64_t at) {
  return static_cast<std::uint32_t>(u16(b, at)) | (static_cast<std::uint32_t>(u16(b, at + 2)) << 16);
}
std::uint64_t u64(std::span<const std::byte> b, std::uint64_t at) {
  return static_cast<std::uint64_t>(u32(b, at)) | (static_cast<std::uint64_t>(u32(b, at + 4)) << 32);
}

// True when [offset, offset + length) lies inside a buffer of `size` bytes (no overflow).
bool inside(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  return offset <= size && length <= size - offset;
}

}  // namespace

ZipArchive::ZipArchive(std::span<const std::byte> bytes, std::string archive_name)
    : bytes_(bytes), name_(std::move(archive_name)) {
  const std::uint64_t size = bytes_.size();
  auto fail = [&](const std::string& what) -> Error { return Error(name_, 0, "corrupt zip archive: " + what); };
  if (size < kEndSize)
    throw fail("too short for an end-of-central-directory record (" + std::to_string(size) + " bytes)");

  // The end record is the last thing in the file, followed only by a comment of up to 65535 bytes.
  std::uint64_t end = size;  // position of the end record; `size` = not found
  const std::uint64_t lowest = size - kEndSize > 65535 ? size - kEndSize - 65535 : 0;
  for (std::uint64_t at = size - kEndSize + 1; at-- > lowest;) {
    if (u32(bytes_, at) == kEndSignature && at + kEndSize + u16(bytes_, at + 20) == size) {
      end = at;
      break;
    }
  }
  if (end == size) throw fail("no end-of-central-directory record (truncated file?)");

  std::uint64_t disk = u16(bytes_, end + 4), directory_disk = u16(bytes_, end + 6);
  std::uint64_t count = u16(bytes_, end + 10);
  std::uint64_t directory_size = u32(bytes_, end + 12);
  std::uint64_t directory_offset = u32(bytes_, end + 16);
  const bool wants_zip64 = count == 0xFFFF || directory_size == 0xFFFFFFFF || directory_offset == 0xFFFFFFFF;
  const bool has_locator = end >= kZip64LocatorSize && u32(bytes_, end - kZip64LocatorSize) == kZip64LocatorSignature;
  std::uint64_t directory_limit = end;  // the central directory ends before this position
  if (has_locator) {
    const std::uint64_t locator = end - kZip64LocatorSize;
    const std::uint64_t record = u64(bytes_, locator + 8);
    if (u32(bytes_, locator + 16) > 1) throw fail("multi-disk archives are not supported");
    if (!inside(record, kZip64EndSize, locator) || u32(bytes_, record) != kZip64EndSignature)
      throw fail("the zip64 locator points to no zip64 end-of-central-directory record");
    disk = u32(bytes_, record + 16);
    directory_disk = u32(bytes_, record + 20);
    // A field of the classic end record that is not saturated must agree with its zip64 version.
    const std::uint64_t count64 = u64(bytes_, record + 32), size64 = u64(bytes_, record + 40),
                        offset64 = u64(bytes_, record + 48);
    if ((count != 0xFFFF && count != count64) || (directory_size != 0xFFFFFFFF && directory_size != size64) ||
        (directory_offset != 0xFFFFFFFF && directory_offset != offset64))
      throw fail("the end record and the zip64 end record disagree on the central directory");
    count = count64;
    directory_size = size64;
    directory_offset = offset64;
    directory_limit = record;
  } else if (wants_zip64) {
    throw fail("the end record asks for zip64 but there is no zip64 locator");
  }
  if (disk != 0 || directory_disk != 0) throw fail("multi-disk archives are not supported");
  if (!inside(directory_offset, directory_size, directory_limit))
    throw fail("central directory (offset " + std::to_string(directory_offset) + ", " + std::to_string(directory_size) +
               " bytes) lies outside the file");
  if (count > directory_size / kCentralHeaderSize)
    throw fail("central directory of " + std::to_string(directory_size) + " bytes cannot hold " +
               std::to_string(count) + " entries");
  central_directory_offset_ = directory_offset;

  const auto directory = bytes_.subspan(directory_offset, directory_size);
  std::uint64_t at = 0;
  entries_.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    if (!inside(at, kCentralHeaderSize, directory.size()) || u32(directory, at) != kCentralHeaderSignature)
      throw fail("central directory entry " + std::to_string(i) + " is missing or damaged");
    Entry e;
    e.flags = u16(directory, at + 8);
    e.method = u16(directory, at + 10);
    e.compressed_size = u32(directory, at + 20);
    e.size = u32(directory, at + 24);
    const std::uint64_t name_length = u16(directory, at + 28), extra_length = u16(directory, at + 30),
                        comment_length = u16(directory, at + 32);
    std::uint64_t start_disk = u16(directory, at + 34);
    e.local_header_offset = u32(directory, at + 42);
    const std::uint64_t variable = name_length + extra_length + comment_length;
    if (!inside(at + kCentralHeaderSize, variable, directory.size()))
      throw fail("central directory entry " + std::to_string(i) + " runs past the directory");
    const auto* name_bytes = reinterpret_cast<const char*>(directory.data() + at + kCentralHeaderSize);
    e.name.assign(name_bytes, name_length);
    if (e.name.find('\0') != std::string::npos) throw fail("entry " + std::to_string(i) + " has a NUL in its name");

    // zip64 extended information: the 64-bit values of the fields that hold all ones, in this order.
    const auto extra = directory.subspan(at + kCentralHeaderSize + name_length, extra_length);
    for (std::uint64_t x = 0; x + 4 <= extra.size();) {
      const std::uint16_t id = u16(extra, x), length = u16(extra, x + 2);
      if (!inside(x + 4, length, extra.size())) throw fail("entry '" + e.name + "': damaged extra field");
      if (id == 0x0001) {
        std::uint64_t y = x + 4;
        auto take64 = [&](std::uint64_t& field) {
          if (y + 8 > x + 4 + length) throw fail("entry '" + e.name + "': short zip64 extra field");
          field = u64(extra, y);
          y += 8;
        };
        if (e.size == 0xFFFFFFFF) take64(e.size);
        if (e.compressed_size == 0xFFFFFFFF) take64(e.compressed_size);
        if (e.local_header_offset == 0xFFFFFFFF) take64(e.local_header_offset);
        if (start_disk == 0xFFFF) {
          if (y + 4 > x + 4 + length) throw fail("entry '" + e.name + "': short zip64 extra field");
          start_disk = u32(extra, y);
        }
      }
      x += 4 + static_cast<std::uint64_t>(length);
    }
    if (start_disk != 0)
      throw fail("entry '" + e.name + "' is on another disk (multi-disk archives are not supported)");
    if (e.local_header_offset >= directory_offset)
      throw fail("entry '" + e.name + "': local header offset " + std::to_string(e.local_header_offset) +
                 " is not before the central directory");
    if (!by_name_.emplace(e.name, entries_.size()).second) throw fail("duplicate entry '" + e.name + "'");
    entries_.push_back(std::move(e));
    at += kCentralHeaderSize + variable;
  }
}

const ZipArchive::Entry* ZipArchive::find(std::string_view entry_name) const {
  const auto it = by_name_.find(std::string(entry_name));
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

std::span<const std::byte> ZipArchive::data(const Entry& e) const {
  auto fail = [&](const std::string& what) -> Error { return Error(name_, 0, "zip entry '" + e.name + "': " + what); };
  if (e.flags & 0x0001) throw fail("encrypted entries are not supported");
  if (e.method != 0)
    throw fail("compressed entry (method " + std::to_string(e.method) +
               "); only stored (uncompressed) entries are supported, as torch.save writes them");
  if (e.compressed_size != e.size)
    throw fail("stored entry with compressed size " + std::to_string(e.compressed_size) + " != size " +
               std::to_string(e.size));
  const std::uint64_t at = e.local_header_offset;
  if (!inside(at, kLocalHeaderSize, central_directory_offset_) || u32(bytes_, at) != kLocalHeaderSignature)
    throw fail("local header at offset " + std::to_string(at) + " is missing or damaged");
  const std::uint64_t name_length = u16(bytes_, at + 26), extra_length = u16(bytes_, at + 28);
  const std::uint64_t data_offset = at + kLocalHeaderSize + name_length + extra_length;
  if (name_length != e.name.size() || !inside(at + kLocalHeaderSize, name_length, central_directory_offset_) ||
      (name_length > 0 && std::memcmp(bytes_.data() + at + kLocalHeaderSize, e.name.data(), name_length) != 0))
    throw fail("local header name differs from the central directory");
  if (u16(bytes_, at + 8) != e.method) throw fail("local header method differs from the central directory");
  if (!inside(data_offset, e.size, central_directory_offset_))
    throw fail("data (offset " + std::to_string(data_offset) + ", " + std::to_string(e.size) +
               " bytes) runs past the end of the entries (truncated or damaged file)");
  return bytes_.subspan(data_offset, e.size);
}

}  // namespace trenchcoat::neural
