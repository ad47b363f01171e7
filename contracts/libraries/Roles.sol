// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/// @title Roles
/// @notice Role identifiers shared by every contract of the credit ledger. ADMIN is
/// OpenZeppelin's DEFAULT_ADMIN_ROLE (0x00).
library Roles {
    bytes32 internal constant ADMIN = 0x00;
    bytes32 internal constant OPERATOR = keccak256("OPERATOR_ROLE");
    bytes32 internal constant ANCHORER = keccak256("ANCHORER_ROLE");
    bytes32 internal constant BANK = keccak256("BANK_ROLE");
    bytes32 internal constant ENTERPRISE = keccak256("ENTERPRISE_ROLE");
    bytes32 internal constant REGULATOR = keccak256("REGULATOR_ROLE");
    bytes32 internal constant DATA_PROVIDER = keccak256("DATA_PROVIDER_ROLE");

    /// @dev Data categories are bits 0-7 (BASIC=1 ... UTILITIES=128).
    uint32 internal constant ALL_CATEGORIES = 0xFF;
    /// @dev Purposes are bits 0-2 (PRE_LOAN=1, IN_LOAN=2, POST_LOAN=4).
    uint8 internal constant ALL_PURPOSES = 0x07;
}
