/** A Kysely plugin that keeps the last query a repository built, so that a test can ask the database for its plan. */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

export class LastQuery implements KyselyPlugin {
  node: RootOperationNode | undefined;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.node = args.node;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
