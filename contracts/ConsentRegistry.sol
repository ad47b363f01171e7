// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IConsentRegistry} from "./interfaces/IConsentRegistry.sol";
import {ICreditLedger} from "./interfaces/ICreditLedger.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title ConsentRegistry
/// @notice Records consents of enterprises to banks and answers whether a query is allowed.
/// @dev Signatures go through OpenZeppelin's SignatureChecker: ECDSA for accounts without code
/// (which refuses high-s signatures) and ERC-1271 for contract accounts. A consent and a
/// revocation each use up a nonce of the enterprise, so neither signature can be replayed.
contract ConsentRegistry is IConsentRegistry, EIP712 {
    /// @notice The EIP-712 type string of {IConsentRegistry-Consent}.
    string public constant CONSENT_TYPE =
        "Consent(bytes32 enterprise,address bank,uint32 categories,uint8 purposes,uint64 validFrom,"
        "uint64 validUntil,bytes32 documentHash,uint256 nonce,uint64 deadline)";
    /// @notice The EIP-712 type string of {IConsentRegistry-Revocation}.
    string public constant REVOCATION_TYPE = "Revocation(bytes32 consentId,uint256 nonce,uint64 deadline)";
    bytes32 public constant CONSENT_TYPEHASH = keccak256(bytes(CONSENT_TYPE));
    bytes32 public constant REVOCATION_TYPEHASH = keccak256(bytes(REVOCATION_TYPE));

    /// @notice The contract that holds the roles and the enterprise bindings.
    ICreditLedger public immutable LEDGER;

    mapping(bytes32 consentId => ConsentRecord record) private _consents;
    mapping(bytes32 enterprise => mapping(uint256 nonce => bool used)) private _nonceUsed;

    modifier onlyOperator() {
        if (!LEDGER.hasRole(Roles.OPERATOR, msg.sender)) revert CallerNotOperator(msg.sender);
        _;
    }

    /// @dev The caller is the enterprise's bound account and is not suspended.
    modifier onlyEnterpriseAccount(bytes32 enterprise) {
        if (_activeAccount(enterprise) != msg.sender) revert NotEnterpriseAccount(enterprise, msg.sender);
        _;
    }

    /// @param ledger The CreditLedger that holds the roles and the enterprise bindings.
    constructor(address ledger) EIP712("CreditLedger", "1") {
        LEDGER = ICreditLedger(ledger);
    }

    /// @inheritdoc IConsentRegistry
    /// @dev A consent that is already recorded is refused first, with its id, so that relaying
    /// the same signed consent again is recognisable whatever else has changed since.
    function grantConsent(Consent calldata consent, bytes calldata signature) external returns (bytes32) {
        bytes32 id = _hashConsent(consent);
        if (_consents[id].status != Status.None) revert ConsentAlreadyRecorded(id);
        _requireNotExpired(consent.deadline);
        address account = _requireValidTerms(
            consent.enterprise,
            consent.bank,
            consent.categories,
            consent.purposes,
            consent.validFrom,
            consent.validUntil
        );
        _requireNonceUnused(consent.enterprise, consent.nonce);
        // The bound account may send its own consent unsigned: the transaction is its signature.
        bool sentByAccount = msg.sender == account && signature.length == 0;
        if (!sentByAccount) _requireEnterpriseSignature(consent.enterprise, account, id, signature);

        _nonceUsed[consent.enterprise][consent.nonce] = true;
        _consents[id] = ConsentRecord({
            enterprise: consent.enterprise,
            bank: consent.bank,
            categories: consent.categories,
            purposes: consent.purposes,
            validFrom: consent.validFrom,
            validUntil: consent.validUntil,
            documentHash: consent.documentHash,
            mode: Mode.Online,
            status: Status.Active,
            approver: address(0),
            grantedBlock: uint64(block.number),
            revokedBlock: 0
        });

        _emitGranted(id);
        return id;
    }

    /// @inheritdoc IConsentRegistry
    function recordOfflineConsent(
        bytes32 enterprise,
        address bank,
        uint32 categories,
        uint8 purposes,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 letterSha256
    ) external onlyOperator returns (bytes32) {
        if (msg.sender == bank) revert ApproverIsBank(msg.sender);
        bytes32 id = offlineConsentId(enterprise, bank, letterSha256);
        if (_consents[id].status != Status.None) revert ConsentAlreadyRecorded(id);
        _requireValidTerms(enterprise, bank, categories, purposes, validFrom, validUntil);

        _consents[id] = ConsentRecord({
            enterprise: enterprise,
            bank: bank,
            categories: categories,
            purposes: purposes,
            validFrom: validFrom,
            validUntil: validUntil,
            documentHash: letterSha256,
            mode: Mode.Offline,
            status: Status.Active,
            approver: msg.sender,
            grantedBlock: uint64(block.number),
            revokedBlock: 0
        });

        _emitGranted(id);
        return id;
    }

    /// @inheritdoc IConsentRegistry
    function revoke(bytes32 consentId_) external {
        ConsentRecord storage record = _requireRevocable(consentId_);
        if (_activeAccount(record.enterprise) != msg.sender) {
            revert NotEnterpriseAccount(record.enterprise, msg.sender);
        }

        _revoke(consentId_, record);
    }

    /// @inheritdoc IConsentRegistry
    /// @dev Like {grantConsent}, an unknown or already revoked consent is refused before the
    /// deadline, so relaying the same revocation again answers {ConsentAlreadyRevoked}.
    function revokeWithSignature(Revocation calldata revocation, bytes calldata signature) external {
        ConsentRecord storage record = _requireRevocable(revocation.consentId);
        _requireNotExpired(revocation.deadline);
        bytes32 enterprise = record.enterprise;
        address account = _activeAccount(enterprise);
        if (account == address(0)) revert EnterpriseNotBound(enterprise);
        _requireNonceUnused(enterprise, revocation.nonce);
        bytes32 structHash = keccak256(abi.encode(REVOCATION_TYPEHASH, revocation));
        _requireEnterpriseSignature(enterprise, account, structHash, signature);

        _nonceUsed[enterprise][revocation.nonce] = true;
        _revoke(revocation.consentId, record);
    }

    /// @inheritdoc IConsentRegistry
    function cancelNonce(bytes32 enterprise, uint256 nonce) external onlyEnterpriseAccount(enterprise) {
        _requireNonceUnused(enterprise, nonce);

        _nonceUsed[enterprise][nonce] = true;

        emit NonceCancelled(enterprise, nonce);
    }

    /// @inheritdoc IConsentRegistry
    function checkAccess(
        bytes32 consentId_,
        address bank,
        bytes32 enterprise,
        uint32 categories,
        uint8 purpose
    ) external view returns (AccessReason reason, uint64 blockNumber, uint64 blockTime) {
        reason = _checkAccess(_consents[consentId_], bank, enterprise, categories, purpose);
        return (reason, uint64(block.number), _now());
    }

    /// @inheritdoc IConsentRegistry
    function checkQuery(
        bytes32 consentId_,
        address bank,
        bytes32 enterprise,
        uint32 categories,
        uint8 purpose
    ) external view returns (QueryCheck memory check) {
        ConsentRecord storage c = _consents[consentId_];
        check.reason = _checkAccess(c, bank, enterprise, categories, purpose);
        check.blockNumber = uint64(block.number);
        check.blockTime = _now();
        check.bankHoldsRole = LEDGER.hasRole(Roles.BANK, bank);
        check.validFrom = c.validFrom;
        check.validUntil = c.validUntil;
    }

    /// @dev The checks of {checkAccess}, in the order of {AccessReason}, at the current block.
    function _checkAccess(
        ConsentRecord storage c,
        address bank,
        bytes32 enterprise,
        uint32 categories,
        uint8 purpose
    ) private view returns (AccessReason) {
        uint64 blockTime = _now();
        if (c.status == Status.None) return AccessReason.NotFound;
        if (c.bank != bank) return AccessReason.WrongBank;
        if (c.enterprise != enterprise) return AccessReason.EnterpriseMismatch;
        if (c.status == Status.Revoked) return AccessReason.Revoked;
        if (blockTime < c.validFrom) return AccessReason.NotYetValid;
        if (blockTime >= c.validUntil) return AccessReason.Expired;
        // Exactly one purpose bit, and one the consent names.
        bool onePurpose = purpose != 0 && purpose & (purpose - 1) == 0;
        if (!onePurpose || purpose & c.purposes != purpose) return AccessReason.PurposeNotAllowed;
        if (categories == 0 || categories & c.categories != categories) return AccessReason.ScopeExceeded;
        return AccessReason.Ok;
    }

    /// @inheritdoc IConsentRegistry
    function getConsent(bytes32 consentId_) external view returns (ConsentRecord memory) {
        return _consents[consentId_];
    }

    /// @inheritdoc IConsentRegistry
    function consentId(Consent calldata consent) external pure returns (bytes32) {
        return _hashConsent(consent);
    }

    /// @inheritdoc IConsentRegistry
    function offlineConsentId(
        bytes32 enterprise,
        address bank,
        bytes32 letterSha256
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(bank, enterprise, letterSha256));
    }

    /// @inheritdoc IConsentRegistry
    function isNonceUsed(bytes32 enterprise, uint256 nonce) external view returns (bool) {
        return _nonceUsed[enterprise][nonce];
    }

    /// @inheritdoc IConsentRegistry
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @dev The current time in Unix seconds; tests and forks may override it.
    function _now() internal view virtual returns (uint64) {
        return uint64(block.timestamp);
    }

    function _revoke(bytes32 id, ConsentRecord storage record) private {
        record.status = Status.Revoked;
        record.revokedBlock = uint64(block.number);

        emit ConsentRevoked(id, record.enterprise, record.bank);
    }

    function _emitGranted(bytes32 id) private {
        ConsentRecord storage c = _consents[id];
        emit ConsentGranted(
            id,
            c.enterprise,
            c.bank,
            c.categories,
            c.purposes,
            c.validFrom,
            c.validUntil,
            c.documentHash,
            c.mode,
            c.approver
        );
    }

    /// @dev Checks the terms shared by online and offline consents and returns the enterprise's
    /// active account.
    function _requireValidTerms(
        bytes32 enterprise,
        address bank,
        uint32 categories,
        uint8 purposes,
        uint64 validFrom,
        uint64 validUntil
    ) private view returns (address account) {
        uint64 now_ = _now();
        if (validFrom >= validUntil || validUntil <= now_)
            revert InvalidValidity(validFrom, validUntil, now_);
        if (categories == 0 || categories > Roles.ALL_CATEGORIES) revert InvalidCategories(categories);
        if (purposes == 0 || purposes > Roles.ALL_PURPOSES) revert InvalidPurposes(purposes);
        if (!LEDGER.hasRole(Roles.BANK, bank)) revert NotABank(bank);
        account = _activeAccount(enterprise);
        if (account == address(0)) revert EnterpriseNotBound(enterprise);
    }

    function _requireRevocable(bytes32 id) private view returns (ConsentRecord storage record) {
        record = _consents[id];
        if (record.status == Status.None) revert ConsentNotFound(id);
        if (record.status == Status.Revoked) revert ConsentAlreadyRevoked(id, record.revokedBlock);
    }

    function _requireNotExpired(uint64 deadline) private view {
        uint64 now_ = _now();
        if (now_ > deadline) revert SignatureExpired(deadline, now_);
    }

    function _requireNonceUnused(bytes32 enterprise, uint256 nonce) private view {
        if (_nonceUsed[enterprise][nonce]) revert NonceAlreadyUsed(enterprise, nonce);
    }

    function _requireEnterpriseSignature(
        bytes32 enterprise,
        address account,
        bytes32 structHash,
        bytes calldata signature
    ) private view {
        bytes32 digest = _hashTypedDataV4(structHash);
        if (!SignatureChecker.isValidSignatureNowCalldata(account, digest, signature)) {
            revert InvalidEnterpriseSignature(enterprise, account);
        }
    }

    /// @dev The account that speaks for `enterprise`: bound and not suspended, else zero.
    function _activeAccount(bytes32 enterprise) private view returns (address account) {
        account = LEDGER.enterpriseAccount(enterprise);
        if (account != address(0) && !LEDGER.hasRole(Roles.ENTERPRISE, account)) account = address(0);
    }

    /// @dev EIP-712 hashStruct of a consent. `Consent` has only static fields, so abi.encode of
    /// the struct is the concatenation of its fields' encodings, as EIP-712 encodeData wants.
    function _hashConsent(Consent calldata consent) private pure returns (bytes32) {
        return keccak256(abi.encode(CONSENT_TYPEHASH, consent));
    }
}
