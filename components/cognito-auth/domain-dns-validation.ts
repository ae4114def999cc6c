// The checks of a hosted UI custom domain's DNS (`domain.hostedZoneId`), called from validation.ts. Pure.
import type { HostedUiDomain } from "./args";
import { HOSTED_ZONE_ID } from "../shared/domains";
import { isPlain, Issues } from "../validation";

/**
 * `hostedZoneId` is a Route 53 zone id and goes with `customDomain` only (a prefix domain is
 * Cognito's own name, in Cognito's zone). Whether the zone holds the name cannot be seen before
 * `up`: the validation record would then never resolve and CertificateValidation times out.
 */
export function checkHostedUiDomainDns(issues: Issues, dom: HostedUiDomain): void {
    if (dom.hostedZoneId === undefined) return;
    if (dom.customDomain === undefined) issues.add("domain.hostedZoneId", "applies only to customDomain (a prefix domain is served under amazoncognito.com)", dom.hostedZoneId);
    if (isPlain(dom.hostedZoneId) && !(typeof dom.hostedZoneId === "string" && HOSTED_ZONE_ID.test(dom.hostedZoneId))) {
        issues.add("domain.hostedZoneId", "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ, without the /hostedzone/ prefix", dom.hostedZoneId);
    }
}
