// InMemoryStorage: every store interface over plain containers, for unit
// tests of the domain rules. Not durable.
#ifndef OPINUS_TESTS_SUPPORT_IN_MEMORY_STORAGE_H_
#define OPINUS_TESTS_SUPPORT_IN_MEMORY_STORAGE_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/domain/invitation_transitions.h"
#include "server/storage/account_store.h"
#include "server/storage/appstore_store.h"
#include "server/storage/dashboard_store.h"
#include "server/storage/dispatch_store.h"
#include "server/storage/invitation_store.h"
#include "server/storage/mail_feedback_store.h"
#include "server/storage/opinion_store.h"
#include "server/storage/order_event_store.h"
#include "server/storage/privacy_request_store.h"
#include "server/storage/privacy_store.h"
#include "server/storage/shop_store.h"
#include "server/storage/suppression_store.h"

namespace opinus::server {

// InMemoryStorage behaves like the MySQL stores, one mutex guarding all.
// Thread-safe.
class InMemoryStorage final : public AccountStore,
                              public AppStoreStore,
                              public ShopStore,
                              public OrderEventStore,
                              public InvitationStore,
                              public DispatchStore,
                              public SuppressionStore,
                              public OpinionStore,
                              public MailFeedbackStore,
                              public PrivacyStore,
                              public PrivacyRequestStore,
                              public DashboardStore {
 public:
  absl::StatusOr<AppInstallation> RecordCallback(const AppStoreCallback& callback, absl::Time now,
                                                 const std::string& new_key) override;
  absl::StatusOr<std::optional<PendingConnection>> ClaimConnection(absl::Time now,
                                                                   absl::Time lease_until) override;
  absl::Status SaveTokens(int64_t id, int64_t callbacks, const ShoperTokens& tokens) override;
  absl::Status ReplaceTokens(int64_t id, const std::string& old_refresh_token,
                             const ShoperTokens& tokens) override;
  absl::Status SaveConnection(const AppInstallation& installation) override;
  absl::StatusOr<std::vector<AppInstallation>> ListInstallations() override;
  // In in_memory_webhook_url_updates.cc.
  absl::Status MarkWebhookUrlDue(int64_t shop_id, absl::Time now) override;
  absl::StatusOr<std::optional<WebhookUrlUpdate>> ClaimWebhookUrlUpdate(
      absl::Time now, absl::Time lease_until) override;
  absl::Status FinishWebhookUrlUpdate(int64_t id, int64_t rotations, int64_t webhook_id) override;
  absl::Status RetryWebhookUrlUpdate(int64_t id, int64_t rotations, int attempts,
                                     const std::string& error, absl::Time retry_at) override;
  absl::StatusOr<Owner> CreateOwner(const Owner& owner) override;
  absl::StatusOr<Owner> GetOwner(OwnerId id) override;
  absl::StatusOr<std::optional<Owner>> FindOwnerByEmail(const std::string& email) override;
  absl::Status SetEmailConfirmation(OwnerId id, const std::string& token_hash,
                                    absl::Time expire_time) override;
  absl::StatusOr<Owner> ConfirmEmail(const std::string& token_hash, absl::Time now) override;
  absl::StatusOr<std::map<OwnerId, OwnerHold>> HeldOwners(const std::vector<OwnerId>& ids) override;
  absl::Status ScheduleDeletion(OwnerId id, absl::Time due_time) override;
  absl::StatusOr<bool> CancelDeletion(OwnerId id) override;
  absl::Status CreateSession(const OwnerSession& session) override;
  absl::StatusOr<std::optional<OwnerSession>> FindSession(const std::string& token_hash) override;
  absl::Status TouchSession(const std::string& token_hash, absl::Time now) override;
  absl::Status DeleteSession(const std::string& token_hash) override;
  absl::StatusOr<AccessToken> CreateAccessToken(const AccessToken& token) override;
  absl::StatusOr<std::optional<AccessToken>> FindAccessToken(
      const std::string& token_hash) override;
  absl::StatusOr<std::vector<AccessToken>> ListAccessTokens(OwnerId owner_id) override;
  absl::Status TouchAccessToken(AccessTokenId id, absl::Time now) override;
  absl::Status DeleteAccessToken(OwnerId owner_id, AccessTokenId id) override;
  absl::Status RecordAttempt(AttemptKind kind, const std::string& email, const std::string& address,
                             absl::Time time, absl::Time forget_before) override;
  absl::StatusOr<AttemptCount> CountAttempts(AttemptKind kind, const AttemptScope& scope,
                                             absl::Time since) override;
  absl::Status ClearAttempts(AttemptKind kind, const std::string& email) override;

  absl::StatusOr<Shop> CreateShop(const Shop& shop) override;
  absl::StatusOr<Shop> GetShop(ShopId id) override;
  absl::StatusOr<std::optional<Shop>> FindShopByKey(const std::string& key) override;
  absl::StatusOr<std::optional<Shop>> FindShopBySlug(const std::string& slug) override;
  absl::StatusOr<Shop> SetShopSlug(ShopId id, const std::string& slug) override;
  absl::StatusOr<Page<Shop>> ListShops(std::optional<OwnerId> owner_id,
                                       const PageRequest& page) override;
  absl::StatusOr<Shop> ApproveShop(ShopId id, absl::Time now) override;
  absl::StatusOr<std::map<ShopId, int>> CountMailsSentSince(const std::vector<ShopId>& ids,
                                                            absl::Time since) override;
  absl::StatusOr<Shop> SetWebhookKey(ShopId id, const std::string& key,
                                     std::optional<absl::Time> keep_previous_until,
                                     absl::Time now) override;
  absl::StatusOr<Shop> DropPreviousKey(ShopId id, absl::Time now) override;
  absl::StatusOr<Shop> UpdateSettings(ShopId id, const ShopSettings& settings,
                                      absl::Time now) override;

  absl::StatusOr<EventRecord> Apply(OrderEventWrite write) override;
  std::vector<absl::StatusOr<EventRecord>> ApplyOrderEvents(
      std::vector<OrderEventWrite> writes) override;
  absl::StatusOr<Page<EventRecord>> ListEvents(ShopId shop_id, const PageRequest& page) override;

  absl::StatusOr<Invitation> GetInvitation(InvitationId id) override;
  absl::StatusOr<TokenOwner> FindInvitationByToken(const std::string& token_hash) override;
  absl::StatusOr<Page<Invitation>> ListInvitations(ShopId shop_id,
                                                   std::optional<InvitationState> state,
                                                   const PageRequest& page) override;
  absl::StatusOr<Invitation> ResendInvitation(InvitationId id, const InvitationReason& reason,
                                              absl::Time now) override;
  absl::StatusOr<Invitation> CancelInvitation(InvitationId id, const InvitationReason& reason,
                                              absl::Time now) override;

  absl::StatusOr<std::vector<Invitation>> ClaimDue(const Claim& claim, int limit) override;
  std::vector<absl::Status> KeepTokens(absl::Time now,
                                       const std::vector<MailToken>& tokens) override;
  using DispatchStore::LockForSend;
  absl::StatusOr<std::unique_ptr<SendLock>> LockForSend(const std::vector<HeldMail>& held,
                                                        absl::Time now) override;
  absl::Status Reschedule(const HeldMail& held, absl::Time now, absl::Time send_at,
                          const InvitationReason& reason, bool failed_attempt) override;
  absl::Status MarkFailed(const HeldMail& held, absl::Time now,
                          const InvitationReason& reason) override;
  absl::Status MarkSuppressed(const HeldMail& held, absl::Time now,
                              const InvitationReason& reason) override;
  absl::StatusOr<std::vector<InvitationTransition>> ListTransitions(InvitationId id) override;

  absl::StatusOr<std::optional<Suppression>> FindSuppression(ShopId shop_id,
                                                             const std::string& email) override;
  absl::StatusOr<Suppression> AddSuppression(const Suppression& suppression) override;
  absl::Status RemoveSuppression(ShopId shop_id, const std::string& email_hash) override;
  absl::StatusOr<Page<Suppression>> ListSuppressions(ShopId shop_id,
                                                     const PageRequest& page) override;
  absl::StatusOr<Invitation> Unsubscribe(InvitationId id, const Suppression& suppression,
                                         const InvitationReason& reason, absl::Time now) override;

  absl::StatusOr<std::optional<Opinion>> FindOpinionByInvitation(
      InvitationId invitation_id) override;
  absl::StatusOr<Opinion> GetOpinion(OpinionId id) override;
  absl::StatusOr<Opinion> CreateOpinion(const Opinion& opinion) override;
  absl::StatusOr<Opinion> EditOpinion(OpinionId id, const OpinionInput& input,
                                      absl::Time now) override;
  absl::StatusOr<Page<Opinion>> ListOpinions(ShopId shop_id, const OpinionFilter& filter,
                                             const PageRequest& page) override;
  absl::StatusOr<RatingSummary> GetRatingSummary(ShopId shop_id) override;
  absl::StatusOr<Opinion> SetReply(ShopId shop_id, OpinionId id, const std::string& reply,
                                   absl::Time now) override;
  absl::StatusOr<Opinion> Report(ShopId shop_id, OpinionId id, const std::string& reason,
                                 absl::Time now) override;
  absl::StatusOr<Opinion> SetStatus(OpinionId id, OpinionStatus status, const std::string& reason,
                                    absl::Time now) override;
  absl::StatusOr<std::vector<OpinionInput>> ListRevisions(OpinionId id) override;
  absl::StatusOr<Opinion> Withdraw(OpinionId id, absl::Time now) override;

  absl::StatusOr<TokenOwner> FindMailByHashPrefix(const std::string& hash_prefix) override;
  absl::Status RecordFeedback(const MailFeedback& feedback,
                              const std::optional<Suppression>& suppression,
                              const InvitationReason& reason) override;
  absl::StatusOr<std::map<FeedbackKind, int64_t>> CountFeedback(ShopId shop_id) override;

  // PrivacyStore: as the MySQL store; `erasures()` shows what was recorded.
  absl::StatusOr<PersonalData> FindPersonalData(const std::string& email,
                                                const std::string& email_hash) override;
  absl::StatusOr<Erasure> ErasePersonalData(const std::string& email,
                                            const Erasure& erasure) override;
  absl::StatusOr<Purged> PurgeEnded(absl::Time ended_by, absl::Time now, int limit) override;
  // DeleteDueOwner: in_memory_owner_deletion.cc; `deleted_accounts()` shows
  // what was recorded.
  absl::StatusOr<std::optional<DeletedAccount>> DeleteDueOwner(absl::Time now) override;
  std::vector<Erasure> erasures() {
    absl::MutexLock lock(&mutex_);
    return erasures_;
  }
  std::vector<DeletedAccount> deleted_accounts() {
    absl::MutexLock lock(&mutex_);
    return deleted_accounts_;
  }

  // DashboardStore (in_memory_dashboard.cc).
  absl::StatusOr<ShopDashboard> GetShopDashboard(ShopId shop_id, absl::Time now) override;

  // PrivacyRequestStore (in_memory_privacy_requests.cc).
  absl::StatusOr<RecentPrivacyRequests> CountRequests(const std::string& email_hash,
                                                      const std::string& client_address,
                                                      absl::Time since) override;
  absl::StatusOr<int64_t> AddRequest(const PrivacyRequest& request, const std::string& token_hash,
                                     const std::string& email_hash,
                                     const std::string& client_address) override;
  absl::StatusOr<PrivacyRequest> FindOpenRequest(const std::string& token_hash,
                                                 absl::Time now) override;
  absl::StatusOr<PrivacyRequest> ClaimRequest(const std::string& token_hash,
                                              absl::Time now) override;
  absl::Status ReleaseRequest(int64_t id) override;
  absl::Status ForgetAddress(int64_t id) override;
  absl::StatusOr<int> DeleteRequestsBefore(absl::Time before) override;

 private:
  using OrderKey = std::pair<ShopId, std::string>;

  // What the MySQL store keeps beside an Invitation while it is claimed.
  struct ClaimState {
    std::string claimer;
    absl::Time lease_until;
  };

  class InMemorySendLock;

  // DisconnectLocked does to shop `shop_id` (none: nothing) what an
  // uninstall does: `new_key` with no previous key, pending invitations
  // cancelled.
  absl::Status DisconnectLocked(ShopId shop_id, const std::string& new_key, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  EventRecord AppendEventLocked(EventRecord record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::StatusOr<EventRecord> ApplyOrderEventLocked(EventRecord record, const Decide& decide)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // AwaitNoSendLocked waits (releasing mutex_) while a SendLock holds `id`,
  // as a MySQL statement waits for the row.
  void AwaitNoSendLocked(InvitationId id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // SendUnlockedLocked ends the SendLock on `id` and wakes those waiting.
  void SendUnlockedLocked(InvitationId id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // ApplyTransitionLocked moves `invitation` on `event` as CheckTransition
  // allows, ending any claim and incrementing the version, and records it.
  absl::StatusOr<Invitation> ApplyTransitionLocked(Invitation& invitation, InvitationEvent event,
                                                   const InvitationReason& reason, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::Status MarkSentLocked(const HeldMail& held, absl::Time now, const SentMail& mail)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void RecordTransitionLocked(InvitationId id, absl::Time now, std::string from, std::string to,
                              std::string reason) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // FindInvitationLocked returns the stored invitation, NOT_FOUND when none.
  absl::StatusOr<Invitation*> FindInvitationLocked(InvitationId id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // HeldLocked returns the invitation when it is held as `held` says, version
  // included, else ABORTED. ReleaseHeldLocked also releases the claim and
  // increments the version, as every settling write does.
  absl::StatusOr<Invitation*> HeldLocked(const HeldMail& held)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::StatusOr<Invitation*> ReleaseHeldLocked(const HeldMail& held)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // ShopOpinionLocked returns opinion `id` when it is the shop's (any shop's
  // when `shop_id` is 0), else NOT_FOUND.
  absl::StatusOr<Opinion*> ShopOpinionLocked(ShopId shop_id, OpinionId id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // AddSuppressionLocked stores `suppression` unless its scope holds the
  // address already; returns what the scope holds.
  Suppression AddSuppressionLocked(const Suppression& suppression)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  // One attempt counted by the login limits.
  struct Attempt {
    AttemptKind kind;
    std::string email;
    std::string address;
    absl::Time time;
  };

  absl::Mutex mutex_;
  std::map<OwnerId, Owner> owners_ ABSL_GUARDED_BY(mutex_);
  // By licence.
  std::map<std::string, AppInstallation> installations_ ABSL_GUARDED_BY(mutex_);
  // Each installation's auth code and tokens (auth_code, tokens), by licence.
  std::map<std::string, PendingConnection> appstore_secrets_ ABSL_GUARDED_BY(mutex_);
  // An installation's webhook URL updates after key rotations (schema 26).
  struct WebhookUrlState {
    int64_t rotations = 0;
    int64_t rotations_sent = 0;
    std::optional<absl::Time> due_time;
    int attempts = 0;
    std::string error;
  };
  // By licence.
  std::map<std::string, WebhookUrlState> webhook_urls_ ABSL_GUARDED_BY(mutex_);
  // An owner's pending confirmation link: its token's hash and end.
  struct EmailConfirmation {
    std::string token_hash;
    absl::Time expire_time;
  };
  std::map<OwnerId, EmailConfirmation> email_confirmations_ ABSL_GUARDED_BY(mutex_);
  // By token hash.
  std::map<std::string, OwnerSession> sessions_ ABSL_GUARDED_BY(mutex_);
  std::map<AccessTokenId, AccessToken> access_tokens_ ABSL_GUARDED_BY(mutex_);
  std::vector<Attempt> attempts_ ABSL_GUARDED_BY(mutex_);
  std::map<ShopId, Shop> shops_ ABSL_GUARDED_BY(mutex_);
  std::map<OrderKey, OrderSnapshot> orders_ ABSL_GUARDED_BY(mutex_);
  std::map<InvitationId, Invitation> invitations_ ABSL_GUARDED_BY(mutex_);
  std::map<OrderKey, InvitationId> invitation_by_order_ ABSL_GUARDED_BY(mutex_);
  std::vector<EventRecord> events_ ABSL_GUARDED_BY(mutex_);
  std::map<InvitationId, ClaimState> claims_ ABSL_GUARDED_BY(mutex_);
  // Invitations whose e-mail a SendLock is handing to the mail server.
  std::set<InvitationId> send_locked_ ABSL_GUARDED_BY(mutex_);
  absl::CondVar send_unlocked_;
  // A mailed token: which invitation, which e-mail, when.
  struct TokenRecord {
    InvitationId invitation_id;
    MailKind mail;
    absl::Time create_time;
  };
  // By token hash.
  std::map<std::string, TokenRecord> tokens_ ABSL_GUARDED_BY(mutex_);
  std::vector<MailFeedback> feedback_ ABSL_GUARDED_BY(mutex_);
  // By id; the id orders them newest last.
  std::map<int64_t, Suppression> suppressions_ ABSL_GUARDED_BY(mutex_);
  std::map<OpinionId, Opinion> opinions_ ABSL_GUARDED_BY(mutex_);
  std::map<OpinionId, std::vector<OpinionInput>> revisions_ ABSL_GUARDED_BY(mutex_);
  std::map<ShopId, RatingSummary> summaries_ ABSL_GUARDED_BY(mutex_);
  std::vector<InvitationTransition> transitions_ ABSL_GUARDED_BY(mutex_);
  std::vector<Erasure> erasures_ ABSL_GUARDED_BY(mutex_);
  std::vector<DeletedAccount> deleted_accounts_ ABSL_GUARDED_BY(mutex_);
  // A privacy request as privacy_requests keeps it.
  struct StoredPrivacyRequest {
    PrivacyRequest request;
    std::string token_hash;
    std::string email_hash;
    std::string client_address;
    bool confirmed = false;
  };
  std::map<int64_t, StoredPrivacyRequest> privacy_requests_ ABSL_GUARDED_BY(mutex_);
  int64_t last_privacy_request_ ABSL_GUARDED_BY(mutex_) = 0;
  // What retention purged: the MySQL store's personal_data_purged_at.
  std::set<InvitationId> purged_invitations_ ABSL_GUARDED_BY(mutex_);
  std::set<EventId> purged_events_ ABSL_GUARDED_BY(mutex_);
  // Indices into feedback_ whose diagnostic retention emptied.
  std::set<size_t> purged_feedback_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_SUPPORT_IN_MEMORY_STORAGE_H_
