/**
 * The registered child deployers (see child-deployers.ts): the form and decision engines from
 * the start; the case engine adds itself with `registerChildDeployer`. A process deployment
 * hands them the resources they accept; an app deployment hands them, and the process engine,
 * everything it carries.
 */
import { dmnChildDeployer } from '../dmn/dmn-deploy.ts';
import { formChildDeployer } from '../forms/form-deploy.ts';
import type { ChildDeployer } from './child-deployers.ts';

const registered: ChildDeployer[] = [formChildDeployer, dmnChildDeployer];

/** Add an engine that deploys resources of its kind as child deployments (once per engine). */
export const registerChildDeployer = (deployer: ChildDeployer): void => {
  if (!registered.some((d) => d.engine === deployer.engine)) registered.push(deployer);
};

export const childDeployers = (): readonly ChildDeployer[] => registered;

/** The child deployer that takes this resource, if any. */
export const childDeployerOf = (resourceName: string): ChildDeployer | undefined =>
  registered.find((d) => d.accepts(resourceName));
