// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/// @title IAnchorRegistry
/// @notice Merkle roots of query receipts, in gap-free sequence per anchoring account, and the
/// hashes of data-provider imports. Receipt trees are OpenZeppelin `StandardMerkleTree`s whose
/// leaves encode a {Receipt} in field order.
interface IAnchorRegistry {
    /// @notice A query receipt, exactly the leaf values in their order (leafVersion 1).
    struct Receipt {
        uint8 leafVersion;
        uint64 seq;
        bytes32 prevLeaf;
        bytes32 consentId;
        address bank;
        bytes32 enterprise;
        uint32 categories;
        uint8 purpose;
        bytes32 requestHash;
        bytes32 responseHash;
        uint64 checkedBlock;
        uint64 servedAt;
        bytes bankSignature;
    }

    struct ReceiptBatch {
        bytes32 root;
        uint64 firstSeq;
        uint64 lastSeq;
        uint64 anchoredBlock;
    }

    struct DataBatch {
        address provider;
        uint32 category;
        uint32 recordCount;
        bytes32 requestDigest;
        uint64 anchoredBlock;
    }

    error CallerNotAnchorer(address caller);
    /// @notice A batch must start right after the anchorer's last anchored sequence number.
    error SequenceGap(address anchorer, uint64 expectedFirstSeq, uint64 firstSeq);
    /// @notice `count` must equal `lastSeq - firstSeq + 1` and be positive.
    error InvalidBatchRange(uint64 firstSeq, uint64 lastSeq, uint32 count);
    /// @notice A receipt root or a data batch hash is zero.
    error EmptyRoot();
    error DataBatchAlreadyAnchored(bytes32 batchHash);
    /// @notice The provider lacks DATA_PROVIDER_ROLE or the category is outside its allowance.
    error CategoryNotAllowed(address provider, uint32 category);
    /// @notice A data batch names exactly one category bit.
    error InvalidCategory(uint32 category);
    error UnknownBatch(address anchorer, uint64 batchId);

    /// @notice Emitted for each anchored receipt batch; `batchId` counts from 1 per anchorer.
    event ReceiptBatchAnchored(
        address indexed anchorer,
        uint64 indexed batchId,
        bytes32 root,
        uint64 firstSeq,
        uint64 lastSeq,
        uint32 count
    );
    /// @notice Emitted for each anchored data import.
    event DataBatchAnchored(
        bytes32 indexed batchHash,
        address indexed provider,
        uint32 category,
        uint32 recordCount,
        bytes32 requestDigest
    );

    /// @notice Anchors the root of receipts `firstSeq..lastSeq` of the caller.
    /// @dev Requirements: caller has ANCHORER_ROLE; root non-zero; firstSeq is the caller's last
    /// anchored seq + 1; count = lastSeq - firstSeq + 1. Emits {ReceiptBatchAnchored}.
    function anchor(
        bytes32 root,
        uint64 firstSeq,
        uint64 lastSeq,
        uint32 count
    ) external returns (uint64 batchId);

    /// @notice Anchors a provider's import: its hash, category, record count and the digest of
    /// the provider's signed request (the signature itself is kept off-chain beside it).
    /// @dev Requirements: caller has ANCHORER_ROLE; the provider may import `category`; the hash
    /// is new. Emits {DataBatchAnchored}.
    function anchorDataBatch(
        bytes32 batchHash,
        address provider,
        uint32 category,
        uint32 recordCount,
        bytes32 requestDigest
    ) external;

    /// @notice Whether `receipt` is in batch `batchId` of `anchorer`, computing the leaf from its
    /// fields. False for an unknown batch or a seq outside the batch.
    function verifyReceipt(
        address anchorer,
        uint64 batchId,
        Receipt calldata receipt,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice The leaf hash of `receipt` (the query id), as StandardMerkleTree computes it.
    function receiptLeaf(Receipt calldata receipt) external pure returns (bytes32);

    /// @notice Receipt batch `batchId` of `anchorer`; reverts {UnknownBatch} when there is none.
    function receiptBatch(address anchorer, uint64 batchId) external view returns (ReceiptBatch memory);

    /// @notice Number of receipt batches anchored by `anchorer` (its last batch id).
    function batchCount(address anchorer) external view returns (uint64);

    /// @notice Last anchored receipt seq of `anchorer` (0 when none).
    function lastAnchoredSeq(address anchorer) external view returns (uint64);

    /// @notice The anchored data batch `batchHash` (zero values when unknown).
    function dataBatch(bytes32 batchHash) external view returns (DataBatch memory);
}
