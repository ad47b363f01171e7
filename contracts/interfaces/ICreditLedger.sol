// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @title ICreditLedger
/// @notice The contract that holds every role of the credit ledger and binds each enterprise's
/// salted commitment `keccak256(abi.encode(string uscc, bytes32 salt))` to the account that
/// speaks for it. Its address is "the ledger" that signed HTTP requests name as their audience.
interface ICreditLedger is IAccessControl {
    /// @notice Pending re-binding of an enterprise commitment to a new account.
    struct Rebinding {
        address newAccount;
        uint64 effectiveAt;
    }

    /// @notice The commitment is already bound; re-binding goes through `proposeRebinding`.
    error EnterpriseAlreadyBound(bytes32 commitment, address account);
    /// @notice The commitment has no bound account.
    error EnterpriseNotBound(bytes32 commitment);
    /// @notice The account already speaks for another commitment.
    error AccountAlreadyBound(address account, bytes32 commitment);
    /// @notice The zero address or zero commitment was given.
    error InvalidBinding(bytes32 commitment, address account);
    /// @notice No re-binding is pending for the commitment.
    error NoRebindingPending(bytes32 commitment);
    /// @notice A re-binding is already pending; it must complete or be contested first.
    error RebindingAlreadyPending(bytes32 commitment, address newAccount, uint64 effectiveAt);
    /// @notice The re-binding delay has not elapsed.
    error RebindingNotDue(bytes32 commitment, uint64 effectiveAt, uint64 now_);
    /// @notice Only the currently bound account may contest its re-binding.
    error NotBoundAccount(bytes32 commitment, address caller);
    /// @notice ENTERPRISE_ROLE and DATA_PROVIDER_ROLE are granted through binding and provider
    /// registration only, so that each carries its commitment or categories. `grantRole` refuses
    /// both; `revokeRole` and `renounceRole` refuse DATA_PROVIDER_ROLE (set its categories to 0).
    /// Revoking (or renouncing) ENTERPRISE_ROLE suspends the bound account: it stays bound but
    /// can no longer act for the enterprise or contest a re-binding; the enterprise recovers by
    /// a re-binding to a fresh account.
    error RoleGrantedThroughRegistration(bytes32 role);
    /// @notice A provider's category mask must be within the eight categories (0 removes it).
    error InvalidCategories(uint32 categories);

    /// @notice Emitted when `account` first speaks for `commitment`.
    event EnterpriseBound(bytes32 indexed commitment, address indexed account);
    /// @notice Emitted when ADMIN proposes moving `commitment` to `newAccount`.
    event RebindingProposed(
        bytes32 indexed commitment,
        address indexed oldAccount,
        address indexed newAccount,
        uint64 effectiveAt
    );
    /// @notice Emitted when the bound account cancels a proposed re-binding.
    event RebindingContested(bytes32 indexed commitment, address indexed oldAccount, address newAccount);
    /// @notice Emitted when a re-binding takes effect.
    event EnterpriseRebound(
        bytes32 indexed commitment,
        address indexed oldAccount,
        address indexed newAccount
    );
    /// @notice Emitted when a provider's allowed categories are set (0 when removed).
    event ProviderCategoriesSet(address indexed provider, uint32 categories);
    /// @notice Emitted when ADMIN changes the re-binding delay.
    event RebindingDelaySet(uint64 delaySeconds);

    /// @notice Binds `account` to `commitment` and grants it ENTERPRISE_ROLE.
    /// @dev Requirements: caller has ADMIN; neither side is zero; the commitment is unbound; the
    /// account speaks for no other commitment. Emits {EnterpriseBound}.
    function bindEnterprise(bytes32 commitment, address account) external;

    /// @notice Proposes moving `commitment` to `newAccount`, effective after `rebindingDelay()`.
    /// @dev Requirements: caller has ADMIN; the commitment is bound; no re-binding is pending;
    /// `newAccount` is not bound to any commitment nor the target of another pending re-binding
    /// (both refused with {AccountAlreadyBound}). Emits {RebindingProposed}.
    function proposeRebinding(bytes32 commitment, address newAccount) external;

    /// @notice Cancels a pending re-binding. Only the currently bound account may call it,
    /// and only while the re-binding is pending (before it is completed).
    /// @dev Emits {RebindingContested}.
    function contestRebinding(bytes32 commitment) external;

    /// @notice Completes a due re-binding: moves ENTERPRISE_ROLE to the new account.
    /// @dev Anyone may call it once the delay has passed. Emits {EnterpriseRebound}.
    function completeRebinding(bytes32 commitment) external;

    /// @notice Grants DATA_PROVIDER_ROLE limited to `categories`, or revokes it when 0.
    /// @dev Requirements: caller has ADMIN; `categories` within the eight bits.
    /// Emits {ProviderCategoriesSet}.
    function setProviderCategories(address provider, uint32 categories) external;

    /// @notice Sets the re-binding delay. Caller has ADMIN. Emits {RebindingDelaySet}.
    function setRebindingDelay(uint64 delaySeconds) external;

    /// @notice The account bound to `commitment`, or zero.
    function enterpriseAccount(bytes32 commitment) external view returns (address);

    /// @notice The commitment `account` speaks for, or zero.
    function commitmentOf(address account) external view returns (bytes32);

    /// @notice The pending re-binding of `commitment` (zero values when none).
    function pendingRebinding(bytes32 commitment) external view returns (Rebinding memory);

    /// @notice The categories `provider` may import (0 when it is no provider).
    function providerCategories(address provider) external view returns (uint32);

    /// @notice The delay in seconds before a re-binding may complete (72 hours by default).
    function rebindingDelay() external view returns (uint64);

    /// @notice All roles of `account` as a bitmask, in one call: bit 0 ADMIN, 1 OPERATOR,
    /// 2 ANCHORER, 3 BANK, 4 ENTERPRISE, 5 REGULATOR, 6 DATA_PROVIDER; with the block it was
    /// read at.
    function rolesOf(address account) external view returns (uint256 roles, uint64 blockNumber);
}
