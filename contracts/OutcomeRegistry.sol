// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IAnchorRegistry} from "./interfaces/IAnchorRegistry.sol";
import {ICreditLedger} from "./interfaces/ICreditLedger.sol";
import {IOutcomeRegistry} from "./interfaces/IOutcomeRegistry.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title OutcomeRegistry
/// @notice Records loan outcomes that banks sign for queries anchored for them, and the
/// repayment updates that follow.
/// @dev Outcomes and repayments share one nonce space per bank. A repayment update needs the
/// outcome's bank's signature but not its current BANK_ROLE, so a bank that leaves the
/// consortium can still report how the loans it granted end.
contract OutcomeRegistry is IOutcomeRegistry, EIP712 {
    /// @notice The EIP-712 type string of {IOutcomeRegistry-Outcome}.
    string public constant OUTCOME_TYPE =
        "Outcome(bytes32 queryId,bytes32 consentId,address bank,uint8 decision,bytes32 termsHash,"
        "uint64 decidedAt,uint256 nonce,uint64 deadline)";
    /// @notice The EIP-712 type string of {IOutcomeRegistry-Repayment}.
    string public constant REPAYMENT_TYPE =
        "Repayment(bytes32 outcomeId,uint8 status,uint64 asOf,uint256 nonce,uint64 deadline)";
    bytes32 public constant OUTCOME_TYPEHASH = keccak256(bytes(OUTCOME_TYPE));
    bytes32 public constant REPAYMENT_TYPEHASH = keccak256(bytes(REPAYMENT_TYPE));

    /// @notice The contract that holds the roles.
    ICreditLedger public immutable LEDGER;
    /// @notice The contract where query receipts are anchored.
    IAnchorRegistry public immutable ANCHORS;

    mapping(bytes32 outcomeId => OutcomeRecord record) private _outcomes;
    mapping(bytes32 queryId => bytes32 outcomeId) private _outcomeOfQuery;
    mapping(address bank => mapping(uint256 nonce => bool used)) private _nonceUsed;

    /// @param ledger The CreditLedger that holds the roles.
    /// @param anchorRegistry The AnchorRegistry where query receipts are anchored.
    constructor(address ledger, address anchorRegistry) EIP712("CreditLedger", "1") {
        LEDGER = ICreditLedger(ledger);
        ANCHORS = IAnchorRegistry(anchorRegistry);
    }

    /// @inheritdoc IOutcomeRegistry
    /// @dev A query that already has an outcome is refused first, with that outcome's id, so
    /// that relaying the same signed outcome again is recognisable.
    function recordOutcome(
        Outcome calldata outcome,
        bytes calldata signature,
        ReceiptProof calldata proof
    ) external returns (bytes32) {
        bytes32 recorded = _outcomeOfQuery[outcome.queryId];
        if (recorded != bytes32(0)) revert OutcomeAlreadyRecorded(outcome.queryId, recorded);
        _requireNotExpired(outcome.deadline);
        if (outcome.decision == 0 || outcome.decision > uint8(Decision.Withdrawn)) {
            revert InvalidDecision(outcome.decision);
        }
        if (!LEDGER.hasRole(Roles.BANK, outcome.bank)) revert NotABank(outcome.bank);
        _requireNonceUnused(outcome.bank, outcome.nonce);
        bytes32 id = _hashOutcome(outcome);
        _requireBankSignature(outcome.bank, id, signature);
        _requireAnchoredReceipt(outcome, proof);

        _nonceUsed[outcome.bank][outcome.nonce] = true;
        _outcomeOfQuery[outcome.queryId] = id;
        _outcomes[id] = OutcomeRecord({
            queryId: outcome.queryId,
            consentId: outcome.consentId,
            bank: outcome.bank,
            decision: Decision(outcome.decision),
            termsHash: outcome.termsHash,
            decidedAt: outcome.decidedAt,
            repaymentStatus: RepaymentStatus.None,
            lastAsOf: 0,
            recordedBlock: uint64(block.number)
        });

        emit OutcomeRecorded(
            id,
            outcome.queryId,
            outcome.consentId,
            outcome.bank,
            Decision(outcome.decision),
            outcome.termsHash,
            outcome.decidedAt
        );
        return id;
    }

    /// @inheritdoc IOutcomeRegistry
    function recordRepayment(Repayment calldata repayment, bytes calldata signature) external {
        _requireNotExpired(repayment.deadline);
        if (repayment.status == 0 || repayment.status > uint8(RepaymentStatus.Repaid)) {
            revert InvalidRepaymentStatus(repayment.status);
        }
        OutcomeRecord storage record = _outcomes[repayment.outcomeId];
        address bank = record.bank;
        if (bank == address(0)) revert OutcomeNotFound(repayment.outcomeId);
        if (record.decision != Decision.Approved)
            revert OutcomeNotApproved(repayment.outcomeId, record.decision);
        _requireNonceUnused(bank, repayment.nonce);
        _requireBankSignature(bank, keccak256(abi.encode(REPAYMENT_TYPEHASH, repayment)), signature);
        _requireOpenAndInOrder(repayment.outcomeId, record, repayment.asOf);

        _nonceUsed[bank][repayment.nonce] = true;
        record.repaymentStatus = RepaymentStatus(repayment.status);
        record.lastAsOf = repayment.asOf;

        emit RepaymentUpdated(repayment.outcomeId, bank, RepaymentStatus(repayment.status), repayment.asOf);
    }

    /// @inheritdoc IOutcomeRegistry
    function getOutcome(bytes32 outcomeId_) external view returns (OutcomeRecord memory) {
        return _outcomes[outcomeId_];
    }

    /// @inheritdoc IOutcomeRegistry
    function outcomeOfQuery(bytes32 queryId) external view returns (bytes32) {
        return _outcomeOfQuery[queryId];
    }

    /// @inheritdoc IOutcomeRegistry
    function outcomeId(Outcome calldata outcome) external pure returns (bytes32) {
        return _hashOutcome(outcome);
    }

    /// @inheritdoc IOutcomeRegistry
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice Whether `nonce` of `bank` has been used by an outcome or a repayment update.
    function isNonceUsed(address bank, uint256 nonce) external view returns (bool) {
        return _nonceUsed[bank][nonce];
    }

    /// @dev The current time in Unix seconds; tests and forks may override it.
    function _now() internal view virtual returns (uint64) {
        return uint64(block.timestamp);
    }

    function _requireNotExpired(uint64 deadline) private view {
        uint64 now_ = _now();
        if (now_ > deadline) revert SignatureExpired(deadline, now_);
    }

    function _requireNonceUnused(address bank, uint256 nonce) private view {
        if (_nonceUsed[bank][nonce]) revert NonceAlreadyUsed(bank, nonce);
    }

    function _requireBankSignature(address bank, bytes32 structHash, bytes calldata signature) private view {
        bytes32 digest = _hashTypedDataV4(structHash);
        if (!SignatureChecker.isValidSignatureNowCalldata(bank, digest, signature)) {
            revert InvalidBankSignature(bank);
        }
    }

    /// @dev The receipt is the outcome's query (its leaf is the query id), served to the same
    /// bank under the same consent, and proven to be in an anchored batch.
    function _requireAnchoredReceipt(Outcome calldata outcome, ReceiptProof calldata proof) private view {
        bytes32 leaf = ANCHORS.receiptLeaf(proof.receipt);
        bool sameQuery =
            leaf == outcome.queryId &&
                proof.receipt.bank == outcome.bank &&
                proof.receipt.consentId == outcome.consentId;
        if (!sameQuery) revert ReceiptMismatch(outcome.queryId, leaf);
        if (!ANCHORS.verifyReceipt(proof.anchorer, proof.batchId, proof.receipt, proof.proof)) {
            revert QueryNotAnchored(outcome.queryId, proof.anchorer, proof.batchId);
        }
    }

    /// @dev The loan is neither repaid nor defaulted, and `asOf` is later than the last update
    /// (the first update may be dated on the decision day).
    function _requireOpenAndInOrder(bytes32 id, OutcomeRecord storage record, uint64 asOf) private view {
        RepaymentStatus status = record.repaymentStatus;
        if (status == RepaymentStatus.Repaid || status == RepaymentStatus.Defaulted) {
            revert RepaymentClosed(id, status);
        }
        if (status == RepaymentStatus.None) {
            if (asOf < record.decidedAt) revert RepaymentOutOfOrder(id, record.decidedAt, asOf);
        } else if (asOf <= record.lastAsOf) {
            revert RepaymentOutOfOrder(id, record.lastAsOf, asOf);
        }
    }

    /// @dev EIP-712 hashStruct of an outcome; `Outcome` has only static fields, so abi.encode of
    /// the struct is the concatenation of its fields' encodings.
    function _hashOutcome(Outcome calldata outcome) private pure returns (bytes32) {
        return keccak256(abi.encode(OUTCOME_TYPEHASH, outcome));
    }
}
