//! Nothing but the tests in `tests/`: apply through the AWS SDK against moto's server
//! (`apply_moto.rs`) and with the SDK's mocks (`apply_mocks.rs`).
