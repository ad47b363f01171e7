// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title ERC1271WalletMock
/// @notice Test double of a contract wallet (a Safe, say) that an enterprise may be bound to:
/// it accepts a digest signed by its owner's key. Tests only; never deployed by the service.
contract ERC1271WalletMock is IERC1271 {
    /// @notice The key whose signatures the wallet accepts.
    address public immutable OWNER;

    /// @param owner The key whose signatures the wallet accepts.
    constructor(address owner) {
        OWNER = owner;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(hash, signature);
        bool valid = err == ECDSA.RecoverError.NoError && signer == OWNER;
        return valid ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
