#include "storage/database.h"

#include <filesystem>
#include <iostream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "services/common/check.h"
#include "storage/db_options.h"
#include "storage/schema.h"

namespace gatekeeper::storage {

absl::Status FromRocksStatus(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(std::string(what), ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsNoSpace()) return absl::ResourceExhaustedError(message);
  if (status.IsInvalidArgument()) return absl::InvalidArgumentError(message);
  if (status.IsIOError() || status.IsBusy() || status.IsTryAgain() || status.IsTimedOut()) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const std::string& dir,
                                                         bool create_if_missing,
                                                         const DatabaseTestHooks& hooks) {
  std::error_code error;
  if (!create_if_missing &&
      !std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", error)) {
    return absl::NotFoundError(absl::StrCat("no gatekeeper store in ", dir));
  }
  if (create_if_missing) {
    std::filesystem::create_directories(dir, error);
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("creating the store directory ", dir, ": ", error.message()));
    }
  }

  std::shared_ptr<rocksdb::Cache> block_cache = MakeBlockCache();
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName,
                           MakeFamilyOptions(rocksdb::kDefaultColumnFamilyName, block_cache));
  for (std::string_view name : kAllFamilies) {
    descriptors.emplace_back(std::string(name), MakeFamilyOptions(name, block_cache));
  }
  if (hooks.memtable_bytes > 0) {
    for (rocksdb::ColumnFamilyDescriptor& descriptor : descriptors) {
      descriptor.options.write_buffer_size = hooks.memtable_bytes;
    }
  }

  std::unique_ptr<Database> database(new Database());
  rocksdb::DBOptions db_options = MakeDbOptions(create_if_missing);
  if (hooks.file_system != nullptr) {
    database->env_ = rocksdb::NewCompositeEnv(hooks.file_system);
    db_options.env = database->env_.get();
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, dir, descriptors, &database->handles_, &raw);
  if (!status.ok()) {
    return FromRocksStatus(status, absl::StrCat("opening the store in ", dir));
  }
  database->db_.reset(raw);
  GK_CHECK(database->handles_.size() == kAllFamilies.size() + 1);

  ColumnFamilies& f = database->families_;
  f.licences = database->family(kLicencesFamily);
  f.lines = database->family(kLinesFamily);
  f.attributions = database->family(kAttributionsFamily);
  f.rules = database->family(kRulesFamily);
  f.parties = database->family(kPartiesFamily);
  f.declarations = database->family(kDeclarationsFamily);
  f.outputs = database->family(kOutputsFamily);
  f.usage_by_licence = database->family(kUsageByLicenceFamily);
  f.meta = database->family(kMetaFamily);
  return database;
}

rocksdb::ColumnFamilyHandle* Database::family(std::string_view name) const {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle->GetName() == name) return handle;
  }
  return nullptr;
}

Database::~Database() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    rocksdb::Status status = db_->DestroyColumnFamilyHandle(handle);
    GK_CHECK(status.ok());
  }
  // Close reports background errors that the destructor would swallow; there is nobody to
  // return them to, and everything committed is already in the synced WAL.
  rocksdb::Status status = db_->Close();
  if (!status.ok()) std::cerr << "gatekeeper store: closing: " << status.ToString() << "\n";
}

}  // namespace gatekeeper::storage
