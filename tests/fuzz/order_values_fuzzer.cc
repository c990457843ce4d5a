// libFuzzer target: the core's checks of the values inside an order (e-mail,
// names, local times) and of page tokens, all of which come from outside.
//
// Besides crashes and sanitizer reports it fails when a check breaks its
// contract: a truncation longer than asked, not a prefix, or cut inside a
// UTF-8 sequence; a date accepted outside the years allowed; a page token
// accepted that is not a positive id.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/utf8.h"
#include "server/domain/paging.h"
#include "server/domain/validation.h"
#include "tests/fuzz/contract.h"

namespace {

namespace server = ::opinus::server;
using ::opinus::fuzz::Fail;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  if (server::IsPlausibleEmail(text) &&
      (server::HasControlCharacters(text) || !absl::StrContains(text, '@'))) {
    Fail("an e-mail address accepted with control characters or without @");
  }
  (void)server::NormalizeEmail(text);

  const size_t max_bytes = size == 0 ? 0 : data[0] % 64;
  const std::string truncated = server::TruncateUtf8(text, max_bytes);
  if (truncated.size() > max_bytes && truncated.size() != text.size()) Fail("truncated too long");
  if (!absl::StartsWith(text, truncated)) Fail("truncation not a prefix");
  if (opinus::IsValidUtf8(text) && !opinus::IsValidUtf8(truncated)) {
    Fail("truncated inside a UTF-8 sequence");
  }

  const absl::StatusOr<absl::Time> time = server::ParseShopLocalTime(text, "Europe/Warsaw");
  if (time.ok()) {
    const int year = absl::ToCivilYear(*time, absl::UTCTimeZone()).year();
    // The zone may move a time at the edge of a year into the next or last.
    if (year < server::kMinOrderYear - 1 || year > server::kMaxOrderYear + 1) {
      Fail("a date accepted outside the years allowed");
    }
  } else if (!absl::IsInvalidArgument(time.status())) {
    Fail("a date refused with a code other than INVALID_ARGUMENT");
  }

  const absl::StatusOr<int64_t> page = server::ParsePageToken(std::string(text));
  if (page.ok() && *page < 0) Fail("a negative page token accepted");
  if (page.ok() && *page == 0 && !text.empty()) Fail("a non-empty page token read as none");
  return 0;
}
