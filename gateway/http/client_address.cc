#include "gateway/http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace opinus::gateway {
namespace {

bool IsIpAddress(const std::string& text) {
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool IsLoopback(absl::string_view peer) {
  return absl::StartsWith(peer, "127.") || peer == "::1" || absl::StartsWith(peer, "::ffff:127.");
}

}  // namespace

std::string ClientAddress(absl::string_view peer, std::optional<absl::string_view> forwarded_for,
                          bool trust_forwarded_for) {
  if (!trust_forwarded_for || !forwarded_for.has_value() || !IsLoopback(peer)) {
    return std::string(peer);
  }
  const std::vector<absl::string_view> entries = absl::StrSplit(*forwarded_for, ',');
  const std::string last(absl::StripAsciiWhitespace(entries.back()));
  return IsIpAddress(last) ? last : std::string(peer);
}

std::string BudgetKey(absl::string_view address) {
  in6_addr v6{};
  if (inet_pton(AF_INET6, std::string(address).c_str(), &v6) != 1) return std::string(address);
  std::fill(std::begin(v6.s6_addr) + 8, std::end(v6.s6_addr), 0);
  char text[INET6_ADDRSTRLEN] = {0};
  inet_ntop(AF_INET6, &v6, text, sizeof(text));
  return absl::StrCat(text, "/64");
}

}  // namespace opinus::gateway
