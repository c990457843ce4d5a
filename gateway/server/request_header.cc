#include "gateway/server/request_header.h"

#include <memory>

#include "absl/strings/str_cat.h"

namespace opinus::gateway {

std::optional<std::string> RequestHeader(const Pistache::Http::Request& request,
                                         const std::string& name) {
  std::optional<Pistache::Http::Header::Raw> raw = request.headers().tryGetRaw(name);
  if (!raw.has_value()) return std::nullopt;
  return raw->value();
}

std::string HostAuthority(const Pistache::Http::Request& request) {
  const std::shared_ptr<const Pistache::Http::Header::Host> host =
      request.headers().tryGet<Pistache::Http::Header::Host>();
  return host ? absl::StrCat(host->host(), ":", host->port().toString()) : std::string();
}

}  // namespace opinus::gateway
