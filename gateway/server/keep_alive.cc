#include "gateway/server/keep_alive.h"

namespace opinus::gateway {

namespace Http = ::Pistache::Http;

void KeepConnectionOpen(const Http::Request& request, Http::ResponseWriter& response) {
  if (request.version() != Http::Version::Http11 ||
      request.headers().has<Http::Header::Connection>()) {
    return;
  }
  response.headers().remove<Http::Header::Connection>();
  response.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
}

}  // namespace opinus::gateway
