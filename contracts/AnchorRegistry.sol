// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {IAnchorRegistry} from "./interfaces/IAnchorRegistry.sol";
import {ICreditLedger} from "./interfaces/ICreditLedger.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title AnchorRegistry
/// @notice Anchors receipt batches in gap-free sequence per anchorer, and provider data imports.
/// @dev {anchor} is on the hot path (one call per batch of up to hundreds of queries), so it
/// reads and writes one slot of per-anchorer state and two slots of batch.
contract AnchorRegistry is IAnchorRegistry {
    /// @dev Per-anchorer counters, packed in one slot.
    struct AnchorerState {
        uint64 batchCount;
        uint64 lastSeq;
    }

    /// @notice The contract that holds the roles.
    ICreditLedger public immutable LEDGER;

    mapping(address anchorer => AnchorerState state) private _anchorers;
    mapping(address anchorer => mapping(uint64 batchId => ReceiptBatch batch)) private _batches;
    mapping(bytes32 batchHash => DataBatch batch) private _dataBatches;

    modifier onlyAnchorer() {
        if (!LEDGER.hasRole(Roles.ANCHORER, msg.sender)) revert CallerNotAnchorer(msg.sender);
        _;
    }

    /// @param ledger The CreditLedger that holds the roles.
    constructor(address ledger) {
        LEDGER = ICreditLedger(ledger);
    }

    /// @inheritdoc IAnchorRegistry
    function anchor(
        bytes32 root,
        uint64 firstSeq,
        uint64 lastSeq,
        uint32 count
    ) external onlyAnchorer returns (uint64 batchId) {
        if (root == bytes32(0)) revert EmptyRoot();
        // In uint256, so that neither the subtraction nor the + 1 can wrap.
        if (lastSeq < firstSeq || uint256(lastSeq) - firstSeq + 1 != count) {
            revert InvalidBatchRange(firstSeq, lastSeq, count);
        }
        AnchorerState memory state = _anchorers[msg.sender];
        if (firstSeq != state.lastSeq + 1) revert SequenceGap(msg.sender, state.lastSeq + 1, firstSeq);

        batchId = state.batchCount + 1;
        _anchorers[msg.sender] = AnchorerState({batchCount: batchId, lastSeq: lastSeq});
        _batches[msg.sender][batchId] = ReceiptBatch({
            root: root,
            firstSeq: firstSeq,
            lastSeq: lastSeq,
            anchoredBlock: uint64(block.number)
        });

        emit ReceiptBatchAnchored(msg.sender, batchId, root, firstSeq, lastSeq, count);
    }

    /// @inheritdoc IAnchorRegistry
    function anchorDataBatch(
        bytes32 batchHash,
        address provider,
        uint32 category,
        uint32 recordCount,
        bytes32 requestDigest
    ) external onlyAnchorer {
        if (batchHash == bytes32(0)) revert EmptyRoot();
        bool oneCategory =
            category != 0 && category & (category - 1) == 0 && category <= Roles.ALL_CATEGORIES;
        if (!oneCategory) revert InvalidCategory(category);
        bool allowed =
            LEDGER.hasRole(Roles.DATA_PROVIDER, provider) &&
                LEDGER.providerCategories(provider) & category != 0;
        if (!allowed) revert CategoryNotAllowed(provider, category);
        if (_dataBatches[batchHash].anchoredBlock != 0) revert DataBatchAlreadyAnchored(batchHash);

        _dataBatches[batchHash] = DataBatch({
            provider: provider,
            category: category,
            recordCount: recordCount,
            requestDigest: requestDigest,
            anchoredBlock: uint64(block.number)
        });

        emit DataBatchAnchored(batchHash, provider, category, recordCount, requestDigest);
    }

    /// @inheritdoc IAnchorRegistry
    function verifyReceipt(
        address anchorer,
        uint64 batchId,
        Receipt calldata receipt,
        bytes32[] calldata proof
    ) external view returns (bool) {
        ReceiptBatch storage batch = _batches[anchorer][batchId];
        bytes32 root = batch.root;
        if (root == bytes32(0)) return false;
        if (receipt.seq < batch.firstSeq || receipt.seq > batch.lastSeq) return false;
        return MerkleProof.verifyCalldata(proof, root, receiptLeaf(receipt));
    }

    /// @inheritdoc IAnchorRegistry
    function receiptLeaf(Receipt calldata receipt) public pure returns (bytes32) {
        // StandardMerkleTree's leaf: keccak256(keccak256(abi.encode(values...))), the values
        // encoded as separate parameters (not as one tuple, which would add an offset word).
        return
            keccak256(
                bytes.concat(
                    keccak256(
                        abi.encode(
                            receipt.leafVersion,
                            receipt.seq,
                            receipt.prevLeaf,
                            receipt.consentId,
                            receipt.bank,
                            receipt.enterprise,
                            receipt.categories,
                            receipt.purpose,
                            receipt.requestHash,
                            receipt.responseHash,
                            receipt.checkedBlock,
                            receipt.servedAt,
                            receipt.bankSignature
                        )
                    )
                )
            );
    }

    /// @inheritdoc IAnchorRegistry
    function receiptBatch(address anchorer, uint64 batchId) external view returns (ReceiptBatch memory) {
        ReceiptBatch memory batch = _batches[anchorer][batchId];
        if (batch.root == bytes32(0)) revert UnknownBatch(anchorer, batchId);
        return batch;
    }

    /// @inheritdoc IAnchorRegistry
    function batchCount(address anchorer) external view returns (uint64) {
        return _anchorers[anchorer].batchCount;
    }

    /// @inheritdoc IAnchorRegistry
    function lastAnchoredSeq(address anchorer) external view returns (uint64) {
        return _anchorers[anchorer].lastSeq;
    }

    /// @inheritdoc IAnchorRegistry
    function dataBatch(bytes32 batchHash) external view returns (DataBatch memory) {
        return _dataBatches[batchHash];
    }
}
