// ClientAddress: which address a request comes from, for the per-address
// limits (webhooks, log-ins, sign-ups).
#ifndef OPINUS_GATEWAY_HTTP_CLIENT_ADDRESS_H_
#define OPINUS_GATEWAY_HTTP_CLIENT_ADDRESS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// ClientAddress returns the TCP peer `peer`, unless `trust_forwarded_for` and
// the peer is a loopback address (a TLS proxy on the same host): then the
// last entry of `forwarded_for` (X-Forwarded-For), which is the one that
// proxy appended, when it is an IP address. Entries before it are the
// client's own words and never trusted. Without this, every client behind
// the proxy shares one address and one budget.
std::string ClientAddress(absl::string_view peer, std::optional<absl::string_view> forwarded_for,
                          bool trust_forwarded_for);

// BudgetKey returns the key of `address`'s rate budgets: an IPv4 address
// itself, an IPv6 address's /64 ("2001:db8:1:2::/64"), as one host is
// commonly given a whole /64 and could otherwise take a fresh budget per
// request. Anything else comes back as it is.
std::string BudgetKey(absl::string_view address);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_CLIENT_ADDRESS_H_
