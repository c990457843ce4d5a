// PrivacyRequestStore: people's own privacy requests waiting for the link
// mailed to them, and the counts that limit them.
#ifndef OPINUS_SERVER_STORAGE_PRIVACY_REQUEST_STORE_H_
#define OPINUS_SERVER_STORAGE_PRIVACY_REQUEST_STORE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/privacy_request.h"

namespace opinus::server {

// RecentPrivacyRequests counts the requests made since some time.
struct RecentPrivacyRequests {
  int for_address = 0;
  int from_client = 0;
};

// PrivacyRequestStore keeps requests by the SHA-256 of their link's token;
// `email_hash` is the address's AddressHasher::Hash. Implementations are
// thread-safe; every method may return UNAVAILABLE when the storage cannot
// be reached.
class PrivacyRequestStore {
 public:
  virtual ~PrivacyRequestStore() = default;

  // CountRequests returns how many requests were made since `since` for
  // `email_hash` and from `client_address`.
  [[nodiscard]] virtual absl::StatusOr<RecentPrivacyRequests> CountRequests(
      const std::string& email_hash, const std::string& client_address, absl::Time since) = 0;

  // AddRequest keeps `request` (id 0) under `token_hash`, and returns its id.
  [[nodiscard]] virtual absl::StatusOr<int64_t> AddRequest(const PrivacyRequest& request,
                                                           const std::string& token_hash,
                                                           const std::string& email_hash,
                                                           const std::string& client_address) = 0;

  // FindOpenRequest returns the request of `token_hash` while its link works:
  // not yet confirmed and expiring after `now`; else NOT_FOUND.
  [[nodiscard]] virtual absl::StatusOr<PrivacyRequest> FindOpenRequest(
      const std::string& token_hash, absl::Time now) = 0;

  // ClaimRequest marks the open request of `token_hash` confirmed at `now`
  // and returns it, so that one confirmation alone carries it out; NOT_FOUND
  // as FindOpenRequest.
  [[nodiscard]] virtual absl::StatusOr<PrivacyRequest> ClaimRequest(const std::string& token_hash,
                                                                    absl::Time now) = 0;

  // ReleaseRequest makes the claimed request `id` open again (carrying it
  // out failed; the person may try the link again).
  [[nodiscard]] virtual absl::Status ReleaseRequest(int64_t id) = 0;

  // ForgetAddress empties the address of request `id`, carried out.
  [[nodiscard]] virtual absl::Status ForgetAddress(int64_t id) = 0;

  // DeleteRequestsBefore deletes the requests made before `before`, and
  // returns how many.
  [[nodiscard]] virtual absl::StatusOr<int> DeleteRequestsBefore(absl::Time before) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_PRIVACY_REQUEST_STORE_H_
