// RequestHeader: the one way the gateway reads a request header; HostAuthority
// the Host header's site.
#ifndef OPINUS_GATEWAY_SERVER_REQUEST_HEADER_H_
#define OPINUS_GATEWAY_SERVER_REQUEST_HEADER_H_

#include <pistache/http.h>

#include <optional>
#include <string>

namespace opinus::gateway {

// RequestHeader returns the raw value of the header `name` (any letter case),
// as sent; std::nullopt when the request has none.
std::optional<std::string> RequestHeader(const Pistache::Http::Request& request,
                                         const std::string& name);

// HostAuthority returns the Host header as "name:port" (Pistache fills in the
// port when the header has none); "" when absent.
std::string HostAuthority(const Pistache::Http::Request& request);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_SERVER_REQUEST_HEADER_H_
