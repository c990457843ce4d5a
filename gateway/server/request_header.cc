#include "gateway/server/request_header.h"

namespace opinus::gateway {

std::optional<std::string> RequestHeader(const Pistache::Http::Request& request,
                                         const std::string& name) {
  std::optional<Pistache::Http::Header::Raw> raw = request.headers().tryGetRaw(name);
  if (!raw.has_value()) return std::nullopt;
  return raw->value();
}

}  // namespace opinus::gateway
