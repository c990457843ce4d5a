#include "server/domain/time_zones.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/field_violation.h"
#include "common/log.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

using ZoneNames = absl::flat_hash_set<std::string>;

// ReadZoneNames returns the names of the zones ("Z name ...") and links
// ("L target name") of tzdata.zi, the compact form of the IANA list that
// Debian's tzdata ships.
ZoneNames ReadZoneNames() {
  const char* dir = std::getenv("TZDIR");
  const std::string path =
      absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo", "/tzdata.zi");
  ZoneNames names = {"UTC"};
  std::ifstream file(path);
  if (!file) {
    Log(LogLevel::kError, "time_zones_unreadable",
        {{"path", path}, {"detail", "only UTC is taken; install tzdata"}});
    return names;
  }
  std::string line;
  while (std::getline(file, line)) {
    const std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.size() >= 2 && fields[0] == "Z") names.emplace(fields[1]);
    if (fields.size() >= 3 && fields[0] == "L") names.emplace(fields[2]);
  }
  return names;
}

const ZoneNames& KnownZoneNames() {
  static const ZoneNames* const names = new ZoneNames(ReadZoneNames());
  return *names;
}

}  // namespace

absl::StatusOr<absl::TimeZone> LoadShopTimeZone(absl::string_view name) {
  const auto unknown = [name] {
    return InvalidFieldError("time_zone",
                             absl::StrCat("not an IANA time zone (e.g. Europe/Warsaw): \"",
                                          TruncateUtf8(name, 40), "\""));
  };
  if (name.size() > kMaxTimeZoneNameLength || !KnownZoneNames().contains(name)) return unknown();
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(std::string(name), &zone)) return unknown();
  return zone;
}

}  // namespace opinus::server
