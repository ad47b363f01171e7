// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {IAnchorRegistry} from "./IAnchorRegistry.sol";

/// @title IOutcomeRegistry
/// @notice Loan outcomes that banks attest for queries served to them, and the repayment
/// updates that follow. The bank signs each as EIP-712 (domain `CreditLedger`, version `1`,
/// this contract as verifying contract); the relay proves that the query was anchored for
/// that bank. Loan terms stay off-chain; only `termsHash` =
/// `keccak256(abi.encode(uint256 amountFen, uint16 termMonths, uint32 annualRateBps,
/// uint64 decidedAt, bytes32 salt))` is recorded.
interface IOutcomeRegistry {
    enum Decision {
        None,
        Approved,
        Declined,
        Withdrawn
    }

    enum RepaymentStatus {
        None,
        Performing,
        Overdue,
        Defaulted,
        Repaid
    }

    /// @dev Type string: `Outcome(bytes32 queryId,bytes32 consentId,address bank,uint8 decision,
    /// bytes32 termsHash,uint64 decidedAt,uint256 nonce,uint64 deadline)`. The outcome id is
    /// this struct's EIP-712 hash.
    struct Outcome {
        bytes32 queryId;
        bytes32 consentId;
        address bank;
        uint8 decision;
        bytes32 termsHash;
        uint64 decidedAt;
        uint256 nonce;
        uint64 deadline;
    }

    /// @dev Type string: `Repayment(bytes32 outcomeId,uint8 status,uint64 asOf,uint256 nonce,
    /// uint64 deadline)`.
    struct Repayment {
        bytes32 outcomeId;
        uint8 status;
        uint64 asOf;
        uint256 nonce;
        uint64 deadline;
    }

    /// @notice Where the query's receipt was anchored, with its inclusion proof.
    struct ReceiptProof {
        address anchorer;
        uint64 batchId;
        IAnchorRegistry.Receipt receipt;
        bytes32[] proof;
    }

    struct OutcomeRecord {
        bytes32 queryId;
        bytes32 consentId;
        address bank;
        Decision decision;
        bytes32 termsHash;
        uint64 decidedAt;
        RepaymentStatus repaymentStatus;
        uint64 lastAsOf;
        uint64 recordedBlock;
    }

    error InvalidDecision(uint8 decision);
    error InvalidRepaymentStatus(uint8 status);
    error SignatureExpired(uint64 deadline, uint64 now_);
    error NotABank(address bank);
    error InvalidBankSignature(address bank);
    error NonceAlreadyUsed(address bank, uint256 nonce);
    /// @notice The receipt's leaf is not the outcome's query id, or names another bank/consent.
    error ReceiptMismatch(bytes32 queryId, bytes32 receiptLeaf);
    /// @notice The receipt is not proven to be in an anchored batch.
    error QueryNotAnchored(bytes32 queryId, address anchorer, uint64 batchId);
    error OutcomeAlreadyRecorded(bytes32 queryId, bytes32 outcomeId);
    error OutcomeNotFound(bytes32 outcomeId);
    /// @notice Repayment updates apply to approved loans only.
    error OutcomeNotApproved(bytes32 outcomeId, Decision decision);
    /// @notice Each update's asOf must be later than the previous (the first may equal decidedAt).
    /// `lastAsOf` is the bound that was missed: the decision date before the first update.
    error RepaymentOutOfOrder(bytes32 outcomeId, uint64 lastAsOf, uint64 asOf);
    /// @notice A repaid or defaulted loan takes no further updates.
    error RepaymentClosed(bytes32 outcomeId, RepaymentStatus status);

    event OutcomeRecorded(
        bytes32 indexed outcomeId,
        bytes32 indexed queryId,
        bytes32 indexed consentId,
        address bank,
        Decision decision,
        bytes32 termsHash,
        uint64 decidedAt
    );
    event RepaymentUpdated(
        bytes32 indexed outcomeId,
        address indexed bank,
        RepaymentStatus status,
        uint64 asOf
    );

    /// @notice Records a bank's signed outcome for a query served to it. Anyone may relay.
    /// @dev Requirements: deadline not passed; decision is Approved, Declined or Withdrawn; the
    /// bank holds BANK_ROLE and signed the message; the nonce unused; the receipt's leaf equals
    /// `queryId` and names the same bank and consent; the receipt is proven in the anchored
    /// batch; no outcome recorded for the query yet (checked first, so a replay answers
    /// {OutcomeAlreadyRecorded}). Emits {OutcomeRecorded}.
    function recordOutcome(
        Outcome calldata outcome,
        bytes calldata signature,
        ReceiptProof calldata proof
    ) external returns (bytes32 outcomeId);

    /// @notice Records a bank's signed repayment update for an approved outcome of its own.
    /// @dev Requirements: deadline not passed; status valid; the outcome exists, is Approved and
    /// not closed (Repaid or Defaulted); signer is the outcome's bank; asOf later than the last
    /// update (the first may equal decidedAt); nonce unused. Emits {RepaymentUpdated}.
    function recordRepayment(Repayment calldata repayment, bytes calldata signature) external;

    function getOutcome(bytes32 outcomeId) external view returns (OutcomeRecord memory);

    /// @notice The outcome id recorded for `queryId`, or zero.
    function outcomeOfQuery(bytes32 queryId) external view returns (bytes32);

    function outcomeId(Outcome calldata outcome) external pure returns (bytes32);

    function domainSeparator() external view returns (bytes32);
}
