//! Typed Microsoft Graph, generated from its documentation: models, endpoint functions and
//! an async client for every documented operation of `v1.0` and `beta`, first of all cloud
//! communications (calls, participants, online meetings, call records).
//!
//! Each API version is a module behind a cargo feature (`v1_0`, on by default, and `beta`),
//! and so is each documentation area (`cloud-communications`, on by default, `users`,
//! `microsoft-teams`, …; `full` is all of them). Endpoint functions build `http::Request`s
//! and never send them; the `client` feature sends them, with app-only tokens of a
//! certificate or secret (`runtime::client::ClientCredentials`), and the `webhook` feature
//! checks what claims to come from Graph before a bot acts on it (`runtime::webhook`).
//! Models keep unknown members and unknown enum values, so payloads round-trip.
//!
//!
//! # Answer an incoming call
//!
//! ```
//! # #[cfg(all(feature = "v1_0", feature = "cloud-communications"))] {
//! use msgraph_comms::runtime::BaseUrl;
//! use msgraph_comms::v1_0::endpoints;
//! use msgraph_comms::v1_0::models::{AppHostedMediaConfig, CallAnswerRequest};
//!
//! // The members the docs require are the arguments; `mediaConfig` may be app- or
//! // service-hosted: the variant names the type.
//! let media = AppHostedMediaConfig { blob: Some("<media session>".into()), ..Default::default() };
//! let answer = CallAnswerRequest {
//!     callback_uri: Some("https://bot.example.com/callback".into()),
//!     ..CallAnswerRequest::new(vec!["audio".into()], media)
//! };
//! let request = endpoints::call_answer(&BaseUrl::default(), "57dab8b1", &answer).unwrap();
//! assert_eq!(request.uri().path(), "/v1.0/communications/calls/57dab8b1/answer");
//! let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
//! assert_eq!(body["mediaConfig"]["@odata.type"], "#microsoft.graph.appHostedMediaConfig");
//! assert_eq!(body["acceptedModalities"], serde_json::json!(["audio"]));
//! # }
//! ```
//!
//! # Join a scheduled meeting
//!
//! ```
//! # #[cfg(all(feature = "v1_0", feature = "cloud-communications"))] {
//! use msgraph_comms::runtime::{BaseUrl, Nullable};
//! use msgraph_comms::v1_0::endpoints;
//! use msgraph_comms::v1_0::models::{
//!     Call, ChatInfo, Identity, IdentitySet, OrganizerMeetingInfo, ServiceHostedMediaConfig,
//! };
//!
//! let organizer = IdentitySet {
//!     user: Nullable::Value(Box::new(Identity { id: String::from("5810cede").into(), ..Default::default() }.into())),
//!     ..Default::default()
//! };
//! let join = Call {
//!     callback_uri: Some("https://bot.example.com/callback".into()),
//!     requested_modalities: Some(vec!["audio".into()]),
//!     media_config: Some(Box::new(ServiceHostedMediaConfig::default().into())),
//!     chat_info: Nullable::Value(Box::new(ChatInfo {
//!         thread_id: Some("19:meeting_M2Iz@thread.v2".into()),
//!         message_id: Some("0".into()),
//!         ..Default::default()
//!     })),
//!     meeting_info: Nullable::Value(Box::new(
//!         OrganizerMeetingInfo { organizer: Some(Box::new(organizer.into())), ..Default::default() }.into(),
//!     )),
//!     ..Default::default()
//! };
//! let request = endpoints::call_create(&BaseUrl::default(), &join).unwrap();
//! let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
//! assert_eq!(body["meetingInfo"]["@odata.type"], "#microsoft.graph.organizerMeetingInfo");
//! assert_eq!(body["meetingInfo"]["organizer"]["user"]["id"], "5810cede");
//! # }
//! ```
//!
//! # Invite a participant
//!
//! ```
//! # #[cfg(all(feature = "v1_0", feature = "cloud-communications"))] {
//! use msgraph_comms::runtime::{BaseUrl, Nullable};
//! use msgraph_comms::v1_0::endpoints;
//! use msgraph_comms::v1_0::models::{Identity, IdentitySet, InvitationParticipantInfo, ParticipantInviteRequest};
//!
//! let guest = IdentitySet {
//!     user: Nullable::Value(Box::new(Identity { id: String::from("278405a3").into(), ..Default::default() }.into())),
//!     ..Default::default()
//! };
//! let invite = ParticipantInviteRequest {
//!     participants: Some(vec![InvitationParticipantInfo {
//!         identity: Some(Box::new(guest.into())),
//!         ..Default::default()
//!     }]),
//!     client_context: Some("f2fa86af".into()),
//!     ..Default::default()
//! };
//! let request = endpoints::participant_invite(&BaseUrl::default(), "57dab8b1", &invite).unwrap();
//! assert_eq!(request.uri().path(), "/v1.0/communications/calls/57dab8b1/participants/invite");
//! # }
//! ```
//!
//! # Read a notification Graph posts to the bot
//!
//! ```
//! # #[cfg(all(feature = "v1_0", feature = "cloud-communications"))] {
//! use msgraph_comms::runtime::notifications::{ChangeType, Notifications};
//! use msgraph_comms::v1_0::models::{AnyGraphObject, CallState};
//!
//! let posted = r##"{"value": [{"changeType": "created",
//!     "resource": "/communications/calls/57dab8b1",
//!     "resourceData": {"@odata.type": "#microsoft.graph.call", "state": "incoming"}}]}"##;
//! let notifications = Notifications::<AnyGraphObject>::from_str(posted).unwrap();
//! let notification = &notifications.value[0];
//! assert_eq!(notification.change_type, ChangeType::Created);
//! let Some(AnyGraphObject::Call(call)) = notification.resource_data.iter().flat_map(|d| d.iter()).next() else {
//!     panic!("a call")
//! };
//! assert_eq!(call.state, Some(CallState::Incoming));
//! # }
//! ```
//!
//! Doc comments are derived from the Microsoft Graph documentation, © Microsoft,
//! licensed under Creative Commons Attribution 4.0 International (CC BY 4.0); text no
//! English page has is a machine translation, and says so.
//!
//! @generated by `cargo xtask codegen` from `specs/`; do not edit.
#![cfg_attr(rustfmt, rustfmt::skip)]
#![warn(missing_docs)]
pub mod runtime;
/// Microsoft Graph `v1.0` (cargo feature `v1_0`).
#[cfg(feature = "v1_0")]
pub mod v1_0;
/// Microsoft Graph `beta` (cargo feature `beta`).
#[cfg(feature = "beta")]
pub mod beta;
