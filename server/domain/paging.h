// Paging: page sizes and the opaque tokens of list calls.
#ifndef OPINUS_SERVER_DOMAIN_PAGING_H_
#define OPINUS_SERVER_DOMAIN_PAGING_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/model.h"

namespace opinus::server {

// MakePageRequest returns a request for `requested` items (`default_size`
// when 0 or less, at most `max_size`) after `token`.
PageRequest MakePageRequest(int requested, int default_size, int max_size, std::string token);

// A page token carries the id of the last item returned; lists continue
// past it in their own order.
std::string PageTokenAfter(int64_t last_id);

// ParsePageToken returns the id in `token`, 0 for an empty token, and
// INVALID_ARGUMENT "page_token: invalid" otherwise.
absl::StatusOr<int64_t> ParsePageToken(const std::string& token);

// PageFrom makes a page of at most `size` items out of `items`, which were
// fetched as up to size + 1 to learn whether more follow. T has an `id`.
template <typename T>
Page<T> PageFrom(std::vector<T> items, int size) {
  Page<T> page;
  if (static_cast<int>(items.size()) > size) {
    items.resize(static_cast<size_t>(size));
    page.next_token = PageTokenAfter(items.back().id);
  }
  page.items = std::move(items);
  return page;
}

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DOMAIN_PAGING_H_
