/// The two JSON examples printed in the seed (the API's contract), verbatim.
enum SeedExamples {
    static let request = """
        {
        "filters": {
        "time": {
        "from": 1591951787590,
        "to": 1591955386814
        },
        "userTypes":["HUMAN"]
        },
        "groupBy" : "agentGroupId",
        "responseSections": [
        "groupBy"
        ],
        "metricsToRetrieveCurrentValue": [
        "assigned_conversations",
        "human_agent_load"
        ],
        "metricsToRetrieveByTime": [
        "avg_wait_time",
        "avg_time_to_response",
        "avg_wait_time_first_response",
        "avg_time_to_first_response_first_assignment",
        "closed_conversations"
        ]
        }
        """

    static let response = """
        {
        "metadata": {
        "count": 3,
        "first": {
        "rel": "first",
        "href": "https://localhost:8082/manager_workspace/api/account/le79144597/metrics?offset=0&limit=1&sort=closedConversations:desc"
        },
        "prev": {
        "rel": "prev",
        "href": "https://localhost:8082/manager_workspace/api/account/le79144597/metrics?offset=0&limit=1&sort=closedConversations:desc"
        },
        "self": {
        "rel": "self",
        "href": "https://localhost:8082/manager_workspace/api/account/le79144597/metrics?offset=1&limit=1&sort=closedConversations:desc"
        },
        "next": {
        "rel": "next",
        "href": "https://localhost:8082/manager_workspace/api/account/le79144597/metrics?offset=2&limit=1&sort=closedConversations:desc"
        },
        "last": {
        "rel": "last",
        "href": "https://localhost:8082/manager_workspace/api/account/le79144597/metrics?offset=2&limit=1&sort=closedConversations:desc"
        }
        },
        "groupBy": {
        "groupByField": "agentGroupId",
        "groups": [
        {
        "key": "1641709730",
        "keyDescription": "customerAssistanceSkill",
        "metrics": {
        "assignedConversations": 6,
        "humanAgentLoad": 1.18,
        "avgWaitTime": 228876.654,
        "avgWaitTimeFirstResponse": 798118.667,
        "avgTimeToResponse": 58490.731,
        "avgTimeToFirstResponseFirstAssignment": 59779.667,
        "closedConversations": 1
        }
        }
        ]
        }
        }
        """
}
