// FakePanelCore: an in-process stand-in for the parts of the core that the
// owners' panel and API call (AccountService, ShopService, OrderEventService
// and InvitationService listing), served by a real gRPC server on loopback. It knows one owner with
// one shop, follows the contract of proto/opinus/v1/account.proto for the
// owner metadata, and records the metadata of every call.
#ifndef OPINUS_TESTS_UNIT_GATEWAY_FAKE_PANEL_CORE_H_
#define OPINUS_TESTS_UNIT_GATEWAY_FAKE_PANEL_CORE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "opinus/v1/account.grpc.pb.h"
#include "opinus/v1/invitation.grpc.pb.h"
#include "opinus/v1/order_event.grpc.pb.h"
#include "opinus/v1/shop.grpc.pb.h"

namespace opinus::gateway::testing {

// What the fake knows.
inline constexpr char kFakeSession[] = "session-token-0123456789abcdef";
inline constexpr char kFakeCsrf[] = "csrf-token-0123456789";
inline constexpr char kFakeAccessToken[] = "pat-0123456789abcdef0123";
inline constexpr char kFakeKey[] = "KEYabcdefghij0123456";
// The shop's key before its last rotation, in its grace until EndKeyRotationGrace.
inline constexpr char kFakePreviousKey[] = "OLDabcdefghij0123456";
inline constexpr int64_t kFakeShopId = 7;
// The core's English words for its invitations' states, which no Polish page
// shows, and the mail server's answer that refused one.
inline constexpr char kFakeCancelledReason[] = "cancelled by the shop's owner";
inline constexpr char kFakeSuppressedReason[] =
    "the address asked not to be mailed by this shop (one-click, 2024-05-15 07:12:05 UTC)";
inline constexpr char kFakeFailedReason[] =
    "refused by the mail server: 550 5.1.1 <jan@example.com>: User unknown";
inline constexpr char kFakeServerAnswer[] = "550 5.1.1 <jan@example.com>: User unknown";
// A shop name with markup, which every page must escape.
inline constexpr char kFakeShopName[] = "Ceramika <script>alert(1)</script> & Co";

// RecordedCall is one call the fake received.
struct RecordedCall {
  std::string method;
  // The values of x-opinus-owner and x-opinus-csrf; empty when absent.
  std::string owner;
  std::string csrf;
};

// FakePanelCore serves the fake services on 127.0.0.1 at a free port.
// Thread-safe.
class FakePanelCore {
 public:
  FakePanelCore();
  ~FakePanelCore();
  // target returns "127.0.0.1:PORT".
  std::string target() const;
  // Calls returns every call received so far.
  std::vector<RecordedCall> Calls() const;
  // Record notes a call; the services call it.
  void Record(RecordedCall call);

 private:
  class Accounts;
  class Shops;
  class Events;
  class Invitations;

  mutable absl::Mutex mutex_;
  std::vector<RecordedCall> calls_ ABSL_GUARDED_BY(mutex_);
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<Shops> shops_;
  std::unique_ptr<Events> events_;
  std::unique_ptr<Invitations> invitations_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace opinus::gateway::testing

#endif  // OPINUS_TESTS_UNIT_GATEWAY_FAKE_PANEL_CORE_H_
