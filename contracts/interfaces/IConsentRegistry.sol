// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/// @title IConsentRegistry
/// @notice Consents of enterprises (as salted commitments) to banks, for data categories and
/// purposes over a validity window. Online consents carry the enterprise's EIP-712 signature
/// (domain `CreditLedger`, version `1`, this contract as verifying contract); offline consents
/// are written by an OPERATOR who has checked the signed letter.
interface IConsentRegistry {
    enum Mode {
        Online,
        Offline
    }

    enum Status {
        None,
        Active,
        Revoked
    }

    /// @notice Answer of {checkAccess}; the order is the order in which the checks run.
    enum AccessReason {
        Ok,
        NotFound,
        WrongBank,
        EnterpriseMismatch,
        Revoked,
        NotYetValid,
        Expired,
        PurposeNotAllowed,
        ScopeExceeded
    }

    /// @notice Answer of {checkQuery}: {checkAccess} and what a query also needs, in one call.
    struct QueryCheck {
        AccessReason reason;
        uint64 blockNumber;
        uint64 blockTime;
        /// @dev Whether the bank holds BANK_ROLE at this block.
        bool bankHoldsRole;
        /// @dev The consent's window (zero when not found), for the caller's own clock check.
        uint64 validFrom;
        uint64 validUntil;
    }

    /// @notice The EIP-712 message an enterprise signs to grant a consent.
    /// @dev Type string: `Consent(bytes32 enterprise,address bank,uint32 categories,uint8 purposes,
    /// uint64 validFrom,uint64 validUntil,bytes32 documentHash,uint256 nonce,uint64 deadline)`.
    /// The consent id is this struct's EIP-712 hash (hashStruct, without the domain).
    struct Consent {
        bytes32 enterprise;
        address bank;
        uint32 categories;
        uint8 purposes;
        uint64 validFrom;
        uint64 validUntil;
        bytes32 documentHash;
        uint256 nonce;
        uint64 deadline;
    }

    /// @notice The EIP-712 message an enterprise signs to revoke a consent.
    /// @dev Type string: `Revocation(bytes32 consentId,uint256 nonce,uint64 deadline)`.
    struct Revocation {
        bytes32 consentId;
        uint256 nonce;
        uint64 deadline;
    }

    /// @notice A consent as the chain holds it.
    struct ConsentRecord {
        bytes32 enterprise;
        address bank;
        uint32 categories;
        uint8 purposes;
        uint64 validFrom;
        uint64 validUntil;
        bytes32 documentHash;
        Mode mode;
        Status status;
        /// @dev The OPERATOR who approved an offline letter; zero for online consents.
        address approver;
        uint64 grantedBlock;
        uint64 revokedBlock;
    }

    error InvalidCategories(uint32 categories);
    error InvalidPurposes(uint8 purposes);
    error InvalidValidity(uint64 validFrom, uint64 validUntil, uint64 now_);
    error SignatureExpired(uint64 deadline, uint64 now_);
    error NotABank(address bank);
    /// @notice The enterprise has no bound account, or its account is suspended (its
    /// ENTERPRISE_ROLE revoked).
    error EnterpriseNotBound(bytes32 enterprise);
    /// @notice The signature was not made by the account bound to the enterprise.
    error InvalidEnterpriseSignature(bytes32 enterprise, address expectedSigner);
    error NonceAlreadyUsed(bytes32 enterprise, uint256 nonce);
    error ConsentAlreadyRecorded(bytes32 consentId);
    error ConsentNotFound(bytes32 consentId);
    error ConsentAlreadyRevoked(bytes32 consentId, uint64 revokedBlock);
    /// @notice The caller is not the account bound to the consent's enterprise.
    error NotEnterpriseAccount(bytes32 enterprise, address caller);
    /// @notice An offline letter cannot be approved by the bank that submitted it.
    error ApproverIsBank(address approver);
    error CallerNotOperator(address caller);

    /// @notice Emitted when a consent is recorded, online or offline.
    event ConsentGranted(
        bytes32 indexed consentId,
        bytes32 indexed enterprise,
        address indexed bank,
        uint32 categories,
        uint8 purposes,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 documentHash,
        Mode mode,
        address approver
    );
    /// @notice Emitted when a consent is revoked; it is refused from this block on.
    event ConsentRevoked(bytes32 indexed consentId, bytes32 indexed enterprise, address indexed bank);
    /// @notice Emitted when an enterprise cancels a signed but unrelayed consent by its nonce.
    event NonceCancelled(bytes32 indexed enterprise, uint256 nonce);

    /// @notice Records an online consent signed by the enterprise's bound account. Anyone may
    /// relay it; the bound account itself may send it with an empty signature.
    /// @dev Requirements: deadline not passed; validFrom < validUntil and validUntil in the
    /// future; categories within 0xFF and non-zero; purposes within 0x07 and non-zero; the bank
    /// holds BANK_ROLE; the enterprise is bound; the nonce unused; the id not yet recorded. The
    /// id is checked first, so relaying a recorded consent again always answers
    /// {ConsentAlreadyRecorded}.
    /// Emits {ConsentGranted}.
    function grantConsent(
        Consent calldata consent,
        bytes calldata signature
    ) external returns (bytes32 consentId);

    /// @notice Records a consent from an offline letter the caller (an OPERATOR) has verified.
    /// The id is `keccak256(abi.encode(bank, enterprise, letterSha256))`.
    /// @dev Requirements as for {grantConsent} (but no signature) and the caller is an OPERATOR
    /// who is not the bank. Emits {ConsentGranted} with `approver` = caller.
    function recordOfflineConsent(
        bytes32 enterprise,
        address bank,
        uint32 categories,
        uint8 purposes,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 letterSha256
    ) external returns (bytes32 consentId);

    /// @notice Revokes a consent; the caller is the enterprise's bound account.
    /// @dev Reverts {ConsentNotFound}, {ConsentAlreadyRevoked}, then {NotEnterpriseAccount}.
    /// Emits {ConsentRevoked}.
    function revoke(bytes32 consentId) external;

    /// @notice Revokes a consent with the enterprise's EIP-712 `Revocation`; anyone may relay.
    /// @dev Checks in order: the consent exists and is not revoked (so a replay answers
    /// {ConsentAlreadyRevoked}), the deadline, the enterprise is bound, the nonce (shared with
    /// consents) is unused, the signature. Emits {ConsentRevoked}.
    function revokeWithSignature(Revocation calldata revocation, bytes calldata signature) external;

    /// @notice Cancels a signed consent that has not been relayed, by its nonce. The caller is
    /// the enterprise's bound account. Emits {NonceCancelled}.
    function cancelNonce(bytes32 enterprise, uint256 nonce) external;

    /// @notice May `bank` read `categories` of `enterprise` for `purpose` now, under `consentId`?
    /// @return reason `Ok` or the first failing check; blockNumber and blockTime the block that
    /// answered, so callers can record where the consent was checked.
    function checkAccess(
        bytes32 consentId,
        address bank,
        bytes32 enterprise,
        uint32 categories,
        uint8 purpose
    ) external view returns (AccessReason reason, uint64 blockNumber, uint64 blockTime);

    /// @notice {checkAccess}, whether `bank` holds BANK_ROLE, and the consent's window, in one
    /// call: what the service reads before serving a query.
    function checkQuery(
        bytes32 consentId,
        address bank,
        bytes32 enterprise,
        uint32 categories,
        uint8 purpose
    ) external view returns (QueryCheck memory check);

    /// @notice The consent record (status None when unknown).
    function getConsent(bytes32 consentId) external view returns (ConsentRecord memory);

    /// @notice The consent id of a signed consent: its EIP-712 struct hash.
    function consentId(Consent calldata consent) external pure returns (bytes32);

    /// @notice The id an offline letter's consent gets.
    function offlineConsentId(
        bytes32 enterprise,
        address bank,
        bytes32 letterSha256
    ) external pure returns (bytes32);

    /// @notice Whether `nonce` of `enterprise` has been used or cancelled.
    function isNonceUsed(bytes32 enterprise, uint256 nonce) external view returns (bool);

    /// @notice The EIP-712 domain separator of this contract.
    function domainSeparator() external view returns (bytes32);
}
