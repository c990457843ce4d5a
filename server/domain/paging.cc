#include "server/domain/paging.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace opinus::server {

PageRequest MakePageRequest(int requested, int default_size, int max_size, std::string token) {
  PageRequest page;
  page.size = requested <= 0 ? default_size : std::min(requested, max_size);
  page.token = std::move(token);
  return page;
}

std::string PageTokenAfter(int64_t last_id) { return absl::StrCat(last_id); }

absl::StatusOr<int64_t> ParsePageToken(const std::string& token) {
  if (token.empty()) return 0;
  int64_t id = 0;
  if (!absl::SimpleAtoi(token, &id) || id <= 0) {
    return absl::InvalidArgumentError("page_token: invalid");
  }
  return id;
}

}  // namespace opinus::server
