// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title StreamPayment
/// @notice Pay-by-the-second payment streams in native ETH (token == address(0)) or an ERC20 token.
/// @dev Written for golem from the behavioural description in the upstream reference (§7): same ABI, selectors,
///      event signatures, revert strings and semantics as the deployed contract, so the devnet behaves like the L2.
///      Faithful quirks kept on purpose: terminate only clears `recipient`; a top-up after expiry pays for the idle
///      gap; ETH sent along with an ERC20 createStream is not rejected.
contract StreamPayment {
    /// @dev Field order is part of the ABI: the public `streams` getter returns the fields in this order.
    struct Stream {
        address token;
        address sender;
        address recipient;
        uint128 startTime;
        uint128 stopTime;
        uint128 ratePerSecond;
        uint256 deposit;
        uint256 withdrawn;
        bool halted;
    }

    /// @notice Account allowed to halt streams.
    address public immutable oracle;

    /// @notice Id of the last created stream; ids start at 1 (pre-increment), so id 0 never exists.
    uint256 public nextStreamId;

    /// @notice Streams by id; unknown or terminated ids have recipient == address(0).
    mapping(uint256 => Stream) public streams;

    event StreamCreated(
        uint256 indexed streamId,
        address indexed sender,
        address indexed recipient,
        address token,
        uint256 deposit,
        uint256 ratePerSecond,
        uint256 startTime,
        uint256 stopTime
    );
    event Withdraw(uint256 indexed streamId, address indexed recipient, uint256 amount);
    event Terminated(uint256 indexed streamId, uint256 senderRefund, uint256 recipientPayout);
    event Halted(uint256 indexed streamId);
    event ToppedUp(uint256 indexed streamId, uint256 amount, uint128 newStopTime);

    constructor(address oracle_) {
        require(oracle_ != address(0), "oracle=0");
        oracle = oracle_;
    }

    /// @notice Opens a stream paying `ratePerSecond` from now until `deposit` is used up.
    /// @dev Native mode requires msg.value == deposit; ERC20 mode pulls `deposit` with transferFrom.
    function createStream(address token, address recipient, uint256 deposit, uint128 ratePerSecond)
        external
        payable
        returns (uint256 streamId)
    {
        require(recipient != address(0), "recipient=0");
        require(deposit > 0, "deposit=0");
        require(ratePerSecond > 0, "rate=0");
        uint256 duration = deposit / ratePerSecond;
        require(duration > 0, "duration=0");
        if (token == address(0)) {
            require(msg.value == deposit, "value != deposit");
        }

        uint256 start = block.timestamp;
        uint256 stop = start + duration;
        require(stop <= type(uint128).max, "stopTime overflow");

        streamId = ++nextStreamId;
        streams[streamId] = Stream({
            token: token,
            sender: msg.sender,
            recipient: recipient,
            startTime: uint128(start),
            stopTime: uint128(stop),
            ratePerSecond: ratePerSecond,
            deposit: deposit,
            withdrawn: 0,
            halted: false
        });

        if (token != address(0)) {
            _pullToken(token, msg.sender, deposit);
        }

        emit StreamCreated(streamId, msg.sender, recipient, token, deposit, ratePerSecond, start, stop);
    }

    /// @notice Pays the recipient everything vested and not yet withdrawn.
    function withdraw(uint256 streamId) external {
        Stream storage stream = streams[streamId];
        require(stream.recipient != address(0), "no-stream");
        require(msg.sender == stream.recipient, "not recipient");
        uint256 amount = _vested(stream) - stream.withdrawn;
        require(amount > 0, "nothing to withdraw");

        stream.withdrawn += amount;
        address recipient = stream.recipient;
        if (stream.token == address(0)) {
            _sendEth(recipient, amount, "eth transfer failed");
        } else {
            _sendToken(stream.token, recipient, amount, "transfer failed");
        }

        emit Withdraw(streamId, recipient, amount);
    }

    /// @notice Ends a stream: the recipient gets what vested and was not withdrawn, the sender gets the rest.
    /// @dev Only `recipient` is cleared; every other field keeps its value.
    function terminate(uint256 streamId) external {
        Stream storage stream = streams[streamId];
        address recipient = stream.recipient;
        require(recipient != address(0), "no-stream");
        address sender = stream.sender;
        require(msg.sender == sender || msg.sender == recipient, "not authorized");

        uint256 vested = _vested(stream);
        uint256 owed = vested - stream.withdrawn;
        uint256 refund = stream.deposit - vested;
        stream.recipient = address(0);

        address token = stream.token;
        if (token == address(0)) {
            if (owed > 0) _sendEth(recipient, owed, "eth payout failed");
            if (refund > 0) _sendEth(sender, refund, "eth refund failed");
        } else {
            if (owed > 0) _sendToken(token, recipient, owed, "transfer payout failed");
            if (refund > 0) _sendToken(token, sender, refund, "transfer refund failed");
        }

        emit Terminated(streamId, refund, owed);
    }

    /// @notice Oracle-only: stops a stream from vesting any further (it pays nobody; terminate settles it).
    function haltStream(uint256 streamId) external {
        require(msg.sender == oracle, "not oracle");
        Stream storage stream = streams[streamId];
        require(stream.recipient != address(0), "no-stream");
        if (stream.halted) return;

        stream.halted = true;
        if (block.timestamp < stream.stopTime) {
            stream.stopTime = uint128(block.timestamp);
        }

        emit Halted(streamId);
    }

    /// @notice Adds `amount` to a stream's deposit and extends its stop time by floor(amount / rate) seconds,
    ///         counted from max(stopTime, now).
    function topUp(uint256 streamId, uint256 amount) external payable {
        Stream storage stream = streams[streamId];
        require(stream.recipient != address(0), "no-stream");
        require(!stream.halted, "halted");
        require(msg.sender == stream.sender, "not sender");
        require(amount > 0, "amount=0");

        address token = stream.token;
        if (token == address(0)) {
            require(msg.value == amount, "value != amount");
        } else {
            // Pulled before the update, as the deployed contract does (so `transferFrom failed` wins over
            // `delta=0`); the update re-reads storage, so a re-entering token cannot corrupt it.
            _pullToken(token, msg.sender, amount);
        }

        stream.deposit += amount;
        uint256 delta = amount / stream.ratePerSecond;
        require(delta > 0, "delta=0");
        uint256 base = stream.stopTime > block.timestamp ? stream.stopTime : block.timestamp;
        uint256 newStop = base + delta;
        require(newStop <= type(uint128).max, "stopTime overflow");
        stream.stopTime = uint128(newStop);

        emit ToppedUp(streamId, amount, uint128(newStop));
    }

    /// @dev (clamp(now, start, stop) - start) * rate, capped at the deposit.
    function _vested(Stream storage stream) private view returns (uint256) {
        uint256 start = stream.startTime;
        uint256 stop = stream.stopTime;
        uint256 t = block.timestamp;
        if (t > stop) t = stop;
        if (t <= start) return 0;
        uint256 vested = (t - start) * stream.ratePerSecond;
        return vested > stream.deposit ? stream.deposit : vested;
    }

    function _sendEth(address to, uint256 amount, string memory failure) private {
        (bool ok, ) = payable(to).call{value: amount}("");
        require(ok, failure);
    }

    /// @dev Accepts tokens that return true and tokens that return nothing.
    function _pullToken(address token, address from, uint256 amount) private {
        (bool ok, bytes memory data) = token.call(
            abi.encodeWithSignature("transferFrom(address,address,uint256)", from, address(this), amount)
        );
        require(ok && (data.length == 0 || abi.decode(data, (bool))), "transferFrom failed");
    }

    function _sendToken(address token, address to, uint256 amount, string memory failure) private {
        (bool ok, bytes memory data) = token.call(abi.encodeWithSignature("transfer(address,uint256)", to, amount));
        require(ok && (data.length == 0 || abi.decode(data, (bool))), failure);
    }
}
