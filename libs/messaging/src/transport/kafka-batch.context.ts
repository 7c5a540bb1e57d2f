import { BaseRpcContext } from '@nestjs/microservices';

type KafkaBatchContextArgs = [topic: string, partition: number, groupId: string];

/**
 * What an `@EventPattern` handler on the hub's Kafka transport knows besides its records: which
 * partition of which topic it is handling, for which consumer group. `@Ctx()` injects it.
 */
export class KafkaBatchContext extends BaseRpcContext<KafkaBatchContextArgs> {
  getTopic(): string {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  getGroupId(): string {
    return this.args[2];
  }
}
