#include "server/storage/mysql/mysql_appstore_store.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"
#include "server/storage/mysql/rows.h"

namespace opinus::server {
namespace {

constexpr char kInstallationColumns[] =
    "id, licence, shop_url, application_code, application_version, installed, installed_at, "
    "uninstalled_at, updated_at, subscription_end, callbacks";

AppInstallation ReadInstallation(const soci::row& row) {
  AppInstallation installation;
  installation.id = row.get<long long>(0);
  installation.licence = row.get<std::string>(1);
  installation.shop_url = row.get<std::string>(2);
  installation.application_code = row.get<std::string>(3);
  installation.application_version = row.get<std::string>(4);
  installation.installed = row.get<int>(5) != 0;
  installation.install_time = FromDbTime(row.get<std::tm>(6));
  if (row.get_indicator(7) == soci::i_ok) {
    installation.uninstall_time = FromDbTime(row.get<std::tm>(7));
  }
  installation.update_time = FromDbTime(row.get<std::tm>(8));
  installation.subscription_end = row.get<std::string>(9);
  installation.callbacks = row.get<long long>(10);
  return installation;
}

// LockedRow is the licence's row as LockInstallation found it: its id, and
// the installation it holds; nullopt for a licence not seen before.
struct LockedRow {
  int64_t id = 0;
  std::optional<AppInstallation> installation;
};

// LockInstallation returns the licence's row, locked until the commit; a
// licence not seen before gets its row created (callbacks 0) so that the
// lock holds for it too.
LockedRow LockInstallation(soci::session& sql, const std::string& licence, absl::Time now) {
  std::tm at = ToDbTime(now);
  sql << "INSERT INTO app_installations (licence, shop_url, application_code, "
         "application_version, installed, installed_at, updated_at, subscription_end, callbacks) "
         "VALUES (:licence, '', '', '', 0, :at, :at2, '', 0) "
         "ON DUPLICATE KEY UPDATE licence = licence",
      soci::use(licence, "licence"), soci::use(at, "at"), soci::use(at, "at2");
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kInstallationColumns
                   << " FROM app_installations WHERE licence = :licence FOR UPDATE",
       soci::use(licence, "licence"));
  LockedRow locked;
  for (const soci::row& row : rows) {
    AppInstallation installation = ReadInstallation(row);
    locked.id = installation.id;
    if (installation.callbacks > 0) locked.installation = std::move(installation);
  }
  return locked;
}

}  // namespace

absl::StatusOr<AppInstallation> MysqlAppStoreStore::RecordCallback(const AppStoreCallback& callback,
                                                                   absl::Time now) {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<AppInstallation> {
    soci::transaction transaction(sql);
    const std::string licence = TruncateUtf8(callback.licence, 64);
    const LockedRow locked = LockInstallation(sql, licence, now);
    AppInstallation after = ApplyAppStoreCallback(locked.installation, callback, now);
    after.id = locked.id;
    const std::string shop_url = TruncateUtf8(after.shop_url, 255);
    const std::string code = TruncateUtf8(after.application_code, 64);
    const std::string version = TruncateUtf8(after.application_version, 32);
    const std::string subscription_end = TruncateUtf8(after.subscription_end, 32);
    int installed = after.installed ? 1 : 0;
    std::tm installed_at = ToDbTime(after.install_time);
    std::tm uninstalled_at{};
    soci::indicator uninstalled = soci::i_null;
    if (after.uninstall_time) {
      uninstalled_at = ToDbTime(*after.uninstall_time);
      uninstalled = soci::i_ok;
    }
    std::tm at = ToDbTime(now);
    long long callbacks = after.callbacks;
    sql << "UPDATE app_installations SET shop_url = :url, application_code = :code, "
           "application_version = :version, installed = :installed, installed_at = :installed_at, "
           "uninstalled_at = :uninstalled_at, updated_at = :at, subscription_end = :end, "
           "callbacks = :callbacks WHERE licence = :licence",
        soci::use(shop_url, "url"), soci::use(code, "code"), soci::use(version, "version"),
        soci::use(installed, "installed"), soci::use(installed_at, "installed_at"),
        soci::use(uninstalled_at, uninstalled, "uninstalled_at"), soci::use(at, "at"),
        soci::use(subscription_end, "end"), soci::use(callbacks, "callbacks"),
        soci::use(licence, "licence");
    long long id = after.id;
    const std::string action = AppStoreActionName(callback.action);
    std::tm sent_at = ToDbTime(callback.sent_time);
    const std::string callback_version = TruncateUtf8(callback.application_version, 32);
    sql << "INSERT INTO appstore_callbacks (installation_id, received_at, action, sent_at, "
           "application_version) VALUES (:id, :at, :action, :sent_at, :version)",
        soci::use(id, "id"), soci::use(at, "at"), soci::use(action, "action"),
        soci::use(sent_at, "sent_at"), soci::use(callback_version, "version");
    transaction.commit();
    return after;
  });
}

absl::StatusOr<std::vector<AppInstallation>> MysqlAppStoreStore::ListInstallations() {
  return pool_->Run([&](soci::session& sql) -> absl::StatusOr<std::vector<AppInstallation>> {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT " << kInstallationColumns
                     << " FROM app_installations WHERE callbacks > 0 ORDER BY updated_at DESC, "
                        "id DESC");
    std::vector<AppInstallation> installations;
    for (const soci::row& row : rows) installations.push_back(ReadInstallation(row));
    return installations;
  });
}

}  // namespace opinus::server
