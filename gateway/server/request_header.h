// RequestHeader: the one way the gateway reads a request header.
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

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_SERVER_REQUEST_HEADER_H_
