// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {ICreditLedger} from "./interfaces/ICreditLedger.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title CreditLedger
/// @notice Holds every role of the credit ledger and binds enterprise commitments to accounts.
/// @dev ENTERPRISE_ROLE is held exactly by accounts that `bindEnterprise` or `completeRebinding`
/// bound, and DATA_PROVIDER_ROLE exactly by accounts with non-zero `providerCategories`, so
/// `grantRole` refuses both, and `revokeRole` / `renounceRole` refuse DATA_PROVIDER_ROLE (use
/// `setProviderCategories(provider, 0)`).
///
/// NOTE: ADMIN may revoke ENTERPRISE_ROLE (and the account may renounce it). That suspends the
/// account: it stays bound (`enterpriseAccount` and `commitmentOf` keep answering it), but the
/// ConsentRegistry no longer accepts its consents, revocations or nonce cancellations, and it
/// can no longer contest a re-binding. It is the way out when an enterprise key is stolen and
/// the thief would contest every re-binding. A suspended account cannot be reinstated: the
/// enterprise recovers through `proposeRebinding` to a fresh account, after the delay.
contract CreditLedger is AccessControl, ICreditLedger {
    mapping(bytes32 commitment => address account) private _accountOf;
    mapping(address account => bytes32 commitment) private _commitmentOf;
    mapping(bytes32 commitment => Rebinding rebinding) private _pendingRebinding;
    /// @dev The commitment that a pending re-binding reserves an account for. A reserved account
    /// cannot be bound elsewhere meanwhile, so a due re-binding can always complete.
    mapping(address account => bytes32 commitment) private _reservedFor;
    mapping(address provider => uint32 categories) private _providerCategories;
    uint64 private _rebindingDelay;

    /// @dev Refuses roles that only registration may grant.
    modifier onlyGrantableRole(bytes32 role) {
        if (role == Roles.ENTERPRISE || role == Roles.DATA_PROVIDER)
            revert RoleGrantedThroughRegistration(role);
        _;
    }

    /// @dev Refuses DATA_PROVIDER_ROLE, which `setProviderCategories(provider, 0)` removes.
    modifier onlyRevocableRole(bytes32 role) {
        if (role == Roles.DATA_PROVIDER) revert RoleGrantedThroughRegistration(role);
        _;
    }

    /// @dev The caller is the account bound to `commitment` and not suspended.
    modifier onlyBoundAccount(bytes32 commitment) {
        if (msg.sender != _accountOf[commitment] || !hasRole(Roles.ENTERPRISE, msg.sender)) {
            revert NotBoundAccount(commitment, msg.sender);
        }
        _;
    }

    /// @param admin The account (in production the consortium's multisig) that receives ADMIN.
    /// @param rebindingDelaySeconds The delay before a proposed re-binding may complete.
    constructor(address admin, uint64 rebindingDelaySeconds) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setRebindingDelay(rebindingDelaySeconds);
    }

    /// @inheritdoc ICreditLedger
    function bindEnterprise(bytes32 commitment, address account) external onlyRole(Roles.ADMIN) {
        if (commitment == bytes32(0) || account == address(0)) revert InvalidBinding(commitment, account);
        address bound = _accountOf[commitment];
        if (bound != address(0)) revert EnterpriseAlreadyBound(commitment, bound);
        _requireAccountFree(account);

        _accountOf[commitment] = account;
        _commitmentOf[account] = commitment;
        _grantRole(Roles.ENTERPRISE, account);

        emit EnterpriseBound(commitment, account);
    }

    /// @inheritdoc ICreditLedger
    function proposeRebinding(bytes32 commitment, address newAccount) external onlyRole(Roles.ADMIN) {
        if (newAccount == address(0)) revert InvalidBinding(commitment, newAccount);
        address oldAccount = _accountOf[commitment];
        if (oldAccount == address(0)) revert EnterpriseNotBound(commitment);
        Rebinding memory pending = _pendingRebinding[commitment];
        if (pending.newAccount != address(0)) {
            revert RebindingAlreadyPending(commitment, pending.newAccount, pending.effectiveAt);
        }
        _requireAccountFree(newAccount);

        uint64 effectiveAt = _now() + _rebindingDelay;
        _pendingRebinding[commitment] = Rebinding({newAccount: newAccount, effectiveAt: effectiveAt});
        _reservedFor[newAccount] = commitment;

        emit RebindingProposed(commitment, oldAccount, newAccount, effectiveAt);
    }

    /// @inheritdoc ICreditLedger
    function contestRebinding(bytes32 commitment) external onlyBoundAccount(commitment) {
        address newAccount = _pendingRebinding[commitment].newAccount;
        if (newAccount == address(0)) revert NoRebindingPending(commitment);

        delete _pendingRebinding[commitment];
        delete _reservedFor[newAccount];

        emit RebindingContested(commitment, msg.sender, newAccount);
    }

    /// @inheritdoc ICreditLedger
    function completeRebinding(bytes32 commitment) external {
        Rebinding memory pending = _pendingRebinding[commitment];
        if (pending.newAccount == address(0)) revert NoRebindingPending(commitment);
        uint64 now_ = _now();
        if (now_ < pending.effectiveAt) revert RebindingNotDue(commitment, pending.effectiveAt, now_);

        address oldAccount = _accountOf[commitment];
        delete _pendingRebinding[commitment];
        delete _reservedFor[pending.newAccount];
        delete _commitmentOf[oldAccount];
        _accountOf[commitment] = pending.newAccount;
        _commitmentOf[pending.newAccount] = commitment;
        _revokeRole(Roles.ENTERPRISE, oldAccount);
        _grantRole(Roles.ENTERPRISE, pending.newAccount);

        emit EnterpriseRebound(commitment, oldAccount, pending.newAccount);
    }

    /// @inheritdoc ICreditLedger
    function setProviderCategories(address provider, uint32 categories) external onlyRole(Roles.ADMIN) {
        if (categories > Roles.ALL_CATEGORIES) revert InvalidCategories(categories);

        _providerCategories[provider] = categories;
        if (categories == 0) {
            _revokeRole(Roles.DATA_PROVIDER, provider);
        } else {
            _grantRole(Roles.DATA_PROVIDER, provider);
        }

        emit ProviderCategoriesSet(provider, categories);
    }

    /// @inheritdoc ICreditLedger
    function setRebindingDelay(uint64 delaySeconds) external onlyRole(Roles.ADMIN) {
        _setRebindingDelay(delaySeconds);
    }

    /// @inheritdoc IAccessControl
    /// @dev Refuses ENTERPRISE_ROLE and DATA_PROVIDER_ROLE with {RoleGrantedThroughRegistration}.
    function grantRole(
        bytes32 role,
        address account
    ) public override(AccessControl, IAccessControl) onlyGrantableRole(role) {
        super.grantRole(role, account);
    }

    /// @inheritdoc IAccessControl
    /// @dev Refuses DATA_PROVIDER_ROLE with {RoleGrantedThroughRegistration}. Revoking
    /// ENTERPRISE_ROLE suspends the bound account (see the contract's NOTE).
    function revokeRole(
        bytes32 role,
        address account
    ) public override(AccessControl, IAccessControl) onlyRevocableRole(role) {
        super.revokeRole(role, account);
    }

    /// @inheritdoc IAccessControl
    /// @dev Refuses DATA_PROVIDER_ROLE, like {revokeRole}.
    function renounceRole(
        bytes32 role,
        address callerConfirmation
    ) public override(AccessControl, IAccessControl) onlyRevocableRole(role) {
        super.renounceRole(role, callerConfirmation);
    }

    /// @inheritdoc ICreditLedger
    function enterpriseAccount(bytes32 commitment) external view returns (address) {
        return _accountOf[commitment];
    }

    /// @inheritdoc ICreditLedger
    function commitmentOf(address account) external view returns (bytes32) {
        return _commitmentOf[account];
    }

    /// @inheritdoc ICreditLedger
    function pendingRebinding(bytes32 commitment) external view returns (Rebinding memory) {
        return _pendingRebinding[commitment];
    }

    /// @inheritdoc ICreditLedger
    function providerCategories(address provider) external view returns (uint32) {
        return _providerCategories[provider];
    }

    /// @inheritdoc ICreditLedger
    function rebindingDelay() external view returns (uint64) {
        return _rebindingDelay;
    }

    /// @inheritdoc ICreditLedger
    function rolesOf(address account) external view returns (uint256 roles, uint64 blockNumber) {
        bytes32[7] memory order = [
            Roles.ADMIN,
            Roles.OPERATOR,
            Roles.ANCHORER,
            Roles.BANK,
            Roles.ENTERPRISE,
            Roles.REGULATOR,
            Roles.DATA_PROVIDER
        ];
        for (uint256 bit = 0; bit < order.length; ++bit) {
            if (hasRole(order[bit], account)) roles |= 1 << bit;
        }
        blockNumber = uint64(block.number);
    }

    /// @inheritdoc AccessControl
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(ICreditLedger).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev The current time in Unix seconds; tests and forks may override it.
    function _now() internal view virtual returns (uint64) {
        return uint64(block.timestamp);
    }

    function _setRebindingDelay(uint64 delaySeconds) private {
        _rebindingDelay = delaySeconds;

        emit RebindingDelaySet(delaySeconds);
    }

    /// @dev An account may be bound only if it speaks for no commitment and no pending
    /// re-binding reserves it.
    function _requireAccountFree(address account) private view {
        bytes32 bound = _commitmentOf[account];
        if (bound != bytes32(0)) revert AccountAlreadyBound(account, bound);
        bytes32 reserved = _reservedFor[account];
        if (reserved != bytes32(0)) revert AccountAlreadyBound(account, reserved);
    }
}
