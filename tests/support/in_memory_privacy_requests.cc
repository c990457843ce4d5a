// InMemoryStorage as a PrivacyRequestStore.
#include "tests/support/in_memory_storage.h"

namespace opinus::server {
namespace {

constexpr char kUnknownLink[] = "unknown, used or expired privacy request link";

}  // namespace

absl::StatusOr<RecentPrivacyRequests> InMemoryStorage::CountRequests(
    const std::string& email_hash, const std::string& client_address, absl::Time since) {
  absl::MutexLock lock(&mutex_);
  RecentPrivacyRequests recent;
  for (const auto& [id, stored] : privacy_requests_) {
    if (stored.request.request_time < since) continue;
    if (stored.email_hash == email_hash) ++recent.for_address;
    if (stored.client_address == client_address) ++recent.from_client;
  }
  return recent;
}

absl::StatusOr<int64_t> InMemoryStorage::AddRequest(const PrivacyRequest& request,
                                                    const std::string& token_hash,
                                                    const std::string& email_hash,
                                                    const std::string& client_address) {
  absl::MutexLock lock(&mutex_);
  StoredPrivacyRequest stored{request, token_hash, email_hash, client_address};
  stored.request.id = ++last_privacy_request_;
  privacy_requests_[stored.request.id] = stored;
  return stored.request.id;
}

absl::StatusOr<PrivacyRequest> InMemoryStorage::FindOpenRequest(const std::string& token_hash,
                                                                absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, stored] : privacy_requests_) {
    if (stored.token_hash == token_hash && !stored.confirmed && stored.request.expire_time > now) {
      return stored.request;
    }
  }
  return absl::NotFoundError(kUnknownLink);
}

absl::StatusOr<PrivacyRequest> InMemoryStorage::ClaimRequest(const std::string& token_hash,
                                                             absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (auto& [id, stored] : privacy_requests_) {
    if (stored.token_hash == token_hash && !stored.confirmed && stored.request.expire_time > now) {
      stored.confirmed = true;
      return stored.request;
    }
  }
  return absl::NotFoundError(kUnknownLink);
}

absl::Status InMemoryStorage::ReleaseRequest(int64_t id) {
  absl::MutexLock lock(&mutex_);
  auto found = privacy_requests_.find(id);
  if (found != privacy_requests_.end()) found->second.confirmed = false;
  return absl::OkStatus();
}

absl::Status InMemoryStorage::ForgetAddress(int64_t id) {
  absl::MutexLock lock(&mutex_);
  auto found = privacy_requests_.find(id);
  if (found != privacy_requests_.end()) found->second.request.email.clear();
  return absl::OkStatus();
}

absl::StatusOr<int> InMemoryStorage::DeleteRequestsBefore(absl::Time before) {
  absl::MutexLock lock(&mutex_);
  int deleted = 0;
  for (auto it = privacy_requests_.begin(); it != privacy_requests_.end();) {
    if (it->second.request.request_time < before) {
      it = privacy_requests_.erase(it);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

}  // namespace opinus::server
