// libFuzzer target: a Shoper webhook delivery (X-Webhook-Name and body) into
// the OrderEvent the gateway sends to the core. Input: the event name, a line
// feed, then the body (corpus/shoper_webhook holds the shared samples so).
//
// Besides crashes and sanitizer reports it fails when the translation breaks
// its contract: an error other than INVALID_ARGUMENT, or an event the core
// could not parse (a proto3 string that is not UTF-8 fails the whole call).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/shoper/shoper_webhook.h"
#include "opinus/v1/order_event.pb.h"
#include "tests/fuzz/contract.h"

using ::opinus::fuzz::Fail;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t line_end = input.find('\n');
  const absl::string_view event_name =
      line_end == absl::string_view::npos ? absl::string_view() : input.substr(0, line_end);
  const absl::string_view body =
      line_end == absl::string_view::npos ? input : input.substr(line_end + 1);

  const absl::StatusOr<opinus::v1::OrderEvent> event =
      opinus::shoper::TranslateShoperWebhook(event_name, body);
  if (!event.ok()) {
    if (!absl::IsInvalidArgument(event.status())) Fail("an error other than INVALID_ARGUMENT");
    if (event.status().message().empty()) Fail("an error without a message");
    return 0;
  }
  opinus::v1::RecordOrderEventRequest request;
  *request.mutable_event() = *event;
  opinus::fuzz::ExpectTheCoreCanParse(
      request, "the core could not parse the request (a string that is not UTF-8)");
  return 0;
}
