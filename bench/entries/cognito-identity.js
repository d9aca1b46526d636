// amazon-cognito-identity-js, the sign-in library portals pair with the official client: the
// parts an SRP sign-in uses (bench/pages/portal.js), bundled like the other contenders.
export { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
